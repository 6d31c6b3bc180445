import Link from "next/link";

// Rendered with HTTP 403 wherever a page calls forbidden().
export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-lg rounded-lg border border-slate-200 bg-white p-8" data-testid="forbidden">
      <h1 className="text-2xl font-semibold">403 · Not allowed</h1>
      <p className="mt-3 text-slate-700">
        This page is for account managers. Your mailbox has <strong>Self</strong> access: it can manage only itself.
        Ask a mailbox with full management access in your account, or your provider, if you need a change.
      </p>
      <Link href="/mailbox" className="mt-6 inline-block text-blue-700 underline">
        Back to my mailbox
      </Link>
    </main>
  );
}

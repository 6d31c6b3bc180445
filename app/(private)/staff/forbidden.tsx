import Link from "next/link";

// Rendered with HTTP 403, inside the private layout, when a staff page calls forbidden():
// app/forbidden.tsx speaks of account management, which would mislead a customer's manager here.
export default function StaffForbidden() {
  return (
    <div className="mx-auto mt-12 max-w-lg rounded-lg border border-slate-200 bg-white p-8" data-testid="forbidden">
      <h1 className="text-2xl font-semibold">403 · Not allowed</h1>
      <p className="mt-3 text-slate-700">These pages are for the provider&apos;s staff: the outbound queue, forwarding and complaints.</p>
      <Link href="/mailbox" className="mt-6 inline-block text-blue-700 underline">
        Back to my mailbox
      </Link>
    </div>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-lg rounded-lg border border-slate-200 bg-white p-8">
      <h1 className="text-2xl font-semibold">404 · Page not found</h1>
      <Link href="/" className="mt-6 inline-block text-blue-700 underline">Go to Mailwright</Link>
    </main>
  );
}

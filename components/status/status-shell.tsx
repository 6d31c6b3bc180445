// The public status pages' frame: a header without any sign-in, and the footer with the time the
// page took to reach the reader.
import Link from "next/link";
import type { ReactNode } from "react";
import { DeliveredIn } from "./delivered-in";

export function StatusShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-3xl items-center gap-6 px-4 py-3">
          <Link href="/status" className="font-semibold text-blue-800">
            Mailwright status
          </Link>
          <a href="/status/feed.xml" className="ml-auto text-sm text-slate-600 hover:text-blue-700">
            Atom feed
          </a>
          <a href="/status/feed.json" className="text-sm text-slate-600 hover:text-blue-700">
            JSON feed
          </a>
        </nav>
      </header>
      <main className="mx-auto max-w-3xl space-y-8 px-4 py-8">{children}</main>
      <DeliveredIn />
    </div>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { requirePrincipal } from "@/app/current-principal";
import { canManageAccount, isStaff } from "@/lib/auth/permissions";
import { signOutAction } from "./actions";

export default async function PrivateLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  // Only areas that exist, and only those this mailbox may open.
  const areas = [
    { href: "/mailbox", label: "My mailbox" },
    ...(isStaff(principal) || canManageAccount(principal, principal.accountId) ? [{ href: "/manager", label: "Account" }] : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3" aria-label="Main">
          <span className="font-semibold text-blue-800">Mailwright</span>
          {areas.map((area) => (
            <Link key={area.href} href={area.href} className="text-sm text-slate-700 hover:text-blue-700">
              {area.label}
            </Link>
          ))}
          <span className="ml-auto text-sm text-slate-600" data-testid="signed-in-as">
            {principal.address}
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}

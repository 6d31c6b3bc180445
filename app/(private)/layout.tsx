import Link from "next/link";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { requirePrincipal } from "@/app/current-principal";
import { VIEW_AS_COOKIE } from "@/lib/auth/view-as-token";
import { ViewAsBanner } from "@/components/staff/view-as-banner";
import { canManageAccount, isStaff } from "@/lib/auth/permissions";
import { signOutAction } from "./actions";

export default async function PrivateLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  // While the view cookie is there every POST is refused (sign-out too), so the way out is the
  // End view link, shown even when the cookie no longer names a valid view.
  const isViewing = principal.viewedBy !== undefined || (await cookies()).has(VIEW_AS_COOKIE);
  // Only areas that exist, and only those this mailbox may open.
  const areas = [
    ...(principal.viewedBy ? [] : [{ href: "/mail", label: "Mail" }]),
    { href: "/mailbox", label: "My mailbox" },
    { href: "/manager/address-books", label: "Address books" },
    { href: "/reports", label: "Reports" },
    ...(isStaff(principal) || canManageAccount(principal, principal.accountId)
      ? [
          { href: "/manager", label: "Account" },
          { href: "/manager/mailboxes", label: "Mailboxes" },
          { href: "/manager/domains", label: "Domains" },
          { href: "/manager/aliases", label: "Aliases & forwarding" },
          { href: "/manager/block-list", label: "Block list" },
          { href: "/manager/audit", label: "Audit log" },
        ]
      : []),
    ...(isStaff(principal)
      ? [
          { href: "/staff/accounts", label: "Accounts" },
          { href: "/staff/queue", label: "Queue" },
          { href: "/staff/forwarding", label: "Forwarding" },
          { href: "/staff/complaints", label: "Complaints" },
          { href: "/staff/status", label: "Status page" },
        ]
      : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="Main">
          <span className="font-semibold text-blue-800">Mailwright</span>
          {/* A phone gets the areas behind one Menu button instead of four wrapped lines of links. */}
          <details className="relative sm:hidden">
            <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1 text-sm">Menu</summary>
            <div className="absolute left-0 z-10 mt-2 flex w-56 flex-col rounded-md border border-slate-200 bg-white py-1 shadow-lg">
              {areas.map((area) => (
                <Link key={area.href} href={area.href} className="px-4 py-2 text-sm text-slate-700 hover:bg-slate-50">
                  {area.label}
                </Link>
              ))}
            </div>
          </details>
          {areas.map((area) => (
            <Link key={area.href} href={area.href} className="hidden text-sm text-slate-700 hover:text-blue-700 sm:inline">
              {area.label}
            </Link>
          ))}
          <span className="ml-auto text-sm text-slate-600" data-testid="signed-in-as">
            {principal.address}
          </span>
          {isViewing ? (
            <a href="/staff/view-as/end" className="rounded-md border border-amber-400 px-3 py-1 text-sm hover:bg-amber-50">
              End view
            </a>
          ) : (
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
                Sign out
              </button>
            </form>
          )}
        </nav>
        {isViewing && <ViewAsBanner viewedAddress={principal.viewedBy ? principal.address : undefined} staffAddress={principal.viewedBy?.address} />}
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}

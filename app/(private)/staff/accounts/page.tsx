import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { searchAccounts } from "@/lib/directory/search-accounts";
import { formatBytes } from "@/components/ui/format-bytes";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { CreateAccountForm } from "@/components/staff/create-account-form";
import { AccountSuspensionButton } from "@/components/staff/account-suspension-button";
import { ViewAccountButton } from "@/components/staff/view-account-button";
import { AccountsSearchParams } from "./accounts-search-params.schema";
import { Pager } from "@/components/ui/pager";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Accounts" };

const PAGE_SIZE = 50;

export default async function StaffAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const { q, page } = AccountsSearchParams.parse(await searchParams);
  const listing = await searchAccounts(await getDb(), { actor, query: q, page, pageSize: PAGE_SIZE }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  const pageHref = (target: number) => `/staff/accounts?${new URLSearchParams({ ...(q ? { q } : {}), page: String(target) })}`;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Accounts</h1>
      <form method="get" className="flex items-end gap-3 text-sm">
        <label className="block">
          <span className="font-medium">Search</span>
          <input name="q" defaultValue={q} placeholder="name or domain" className="mt-1 block rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
          Search
        </button>
      </form>

      {listing.rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="accounts-empty">
          No account matches{q ? ` “${q}”` : ""}.
        </p>
      ) : (
        <DataTable columns={[{ label: "Account" }, { label: "Domains" }, { label: "Mailboxes" }, { label: "Storage used" }, { label: "State" }, { className: "w-28" }]}>
          <tbody>
            {listing.rows.map((account) => (
              <tr key={account.id} className="border-b border-slate-200 align-top" data-testid={`account-row-${account.name}`}>
                <td className="py-2 pr-2">
                  <div className="font-medium">{account.displayName}</div>
                  <div className="text-xs text-slate-500">{account.name}</div>
                </td>
                <td className="py-2 pr-2 break-all">{account.domains.join(", ") || "none"}</td>
                <td className="py-2 pr-2">{account.mailboxCount}</td>
                <td className="py-2 pr-2">{formatBytes(account.usedBytes)}</td>
                <td className="py-2 pr-2" data-testid="account-state">
                  {account.suspendedAt ? <span className="text-red-800">Suspended since {formatUtcTime(account.suspendedAt)}</span> : "Active"}
                  <div>
                    <Link href={`/manager/audit?${new URLSearchParams({ account: account.id })}`} className="text-xs text-blue-700 underline">
                      Audit log
                    </Link>
                  </div>
                </td>
                <td className="space-y-1 py-2">
                  <AccountSuspensionButton accountId={account.id} accountName={account.name} isSuspended={account.suspendedAt !== null} />
                  {!account.suspendedAt && <ViewAccountButton accountId={account.id} accountName={account.name} />}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <Pager page={listing.page} pageSize={listing.pageSize} total={listing.total} noun="accounts" hrefFor={pageHref} />

      <CreateAccountForm />
    </div>
  );
}

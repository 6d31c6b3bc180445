import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listMailboxes, MAILBOX_SORTS } from "@/lib/directory/list-mailboxes";
import { DEFAULT_DELETION_GRACE_DAYS } from "@/lib/directory/purge-deleted-mailboxes";
import { QuotaBar } from "@/components/ui/quota-bar";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { MailboxActionSelect } from "@/components/manager/mailbox-action-select";
import { CreateMailboxForm } from "@/components/manager/create-mailbox-form";
import { AccountLdapPasswordForm } from "@/components/manager/account-ldap-password-form";
import { MailboxesSearchParams } from "./mailboxes-search-params.schema";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Mailboxes" };

const SORT_LABELS: Record<(typeof MAILBOX_SORTS)[number], string> = { address: "Address", name: "Name", usage: "Usage", created: "Created" };

export default async function MailboxesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const params = MailboxesSearchParams.parse(await searchParams);
  const result = await listMailboxes(await getDb(), {
    actor,
    accountId: params.account ?? actor.accountId,
    search: params.q,
    sort: params.sort,
    direction: params.dir,
    page: params.page,
  }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const { account } = result;
  const hrefWith = (change: Partial<typeof params>) => {
    const next = { ...params, ...change };
    const query = new URLSearchParams();
    if (next.account) query.set("account", next.account);
    if (next.q) query.set("q", next.q);
    if (next.sort !== "address") query.set("sort", next.sort);
    if (next.dir !== "asc") query.set("dir", next.dir);
    if (next.page > 1) query.set("page", String(next.page));
    const text = query.toString();
    return `/manager/mailboxes${text ? `?${text}` : ""}`;
  };

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Mailboxes</h1>
        <p className="text-sm text-slate-600">
          {account.displayName} ({account.name}) · {result.total} {result.total === 1 ? "mailbox" : "mailboxes"}
        </p>
      </div>

      <form method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end" role="search">
        {params.account && <input type="hidden" name="account" value={params.account} />}
        <label className="block flex-1">
          <span className="text-sm font-medium">Search</span>
          <input name="q" defaultValue={params.q} placeholder="Address or name" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="block">
          <span className="text-sm font-medium">Sort by</span>
          <select name="sort" defaultValue={params.sort} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2">
            {MAILBOX_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-sm font-medium">Order</span>
          <select name="dir" defaultValue={params.dir} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2">
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Show
        </button>
      </form>

      <DataTable columns={[{ label: "Mailbox", className: "pr-3" }, { label: "Access", className: "hidden pr-3 md:table-cell" }, { label: "Storage", className: "hidden w-48 pr-3 sm:table-cell" }, { label: "Action", className: "py-2" }]} testId="mailbox-table">
        <tbody>
          {result.mailboxes.map((mailbox) => (
            <tr key={mailbox.id} className="border-b border-slate-200 align-top" data-testid="mailbox-row" data-address={mailbox.address}>
              <td className="py-2 pr-3">
                <div className="font-medium break-all">{mailbox.address}</div>
                {mailbox.displayName && <div className="text-slate-600">{mailbox.displayName}</div>}
                <div className="text-xs text-slate-500">
                  {mailbox.deletedAt
                    ? `Deleted ${formatUtcTime(mailbox.deletedAt)}; data removed after ${DEFAULT_DELETION_GRACE_DAYS} days`
                    : mailbox.isDisabled
                      ? "Disabled"
                      : ""}
                  {mailbox.hasLdapPassword ? " · LDAP password set" : ""}
                </div>
                {/* On a phone the hidden columns' facts show here. */}
                <div className="mt-1 text-xs text-slate-500 md:hidden">{mailbox.accessLevel === "FULL_MANAGEMENT" ? "Full management" : "Self"}</div>
                <div className="mt-1 sm:hidden">
                  <QuotaBar usedBytes={mailbox.usedBytes} quotaBytes={mailbox.quotaBytes} />
                </div>
              </td>
              <td className="hidden pr-3 md:table-cell py-2">
                {mailbox.accessLevel === "FULL_MANAGEMENT" ? "Full management" : "Self"}
                {mailbox.role ? ` · ${mailbox.role.toLowerCase()}` : ""}
              </td>
              <td className="hidden py-2 pr-3 sm:table-cell">
                <QuotaBar usedBytes={mailbox.usedBytes} quotaBytes={mailbox.quotaBytes} />
              </td>
              <td className="py-2">
                <MailboxActionSelect
                  graceDays={DEFAULT_DELETION_GRACE_DAYS}
                  mailbox={{ id: mailbox.id, accountId: account.id, address: mailbox.address, accessLevel: mailbox.accessLevel, isDisabled: mailbox.isDisabled, isDeleted: mailbox.deletedAt !== null, quotaBytes: mailbox.quotaBytes }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {result.mailboxes.length === 0 && <p className="py-4 text-sm text-slate-600">No mailbox matches.</p>}

      {result.pageCount > 1 && (
        <nav className="flex items-center gap-4 text-sm" aria-label="Pages">
          {params.page > 1 && <Link href={hrefWith({ page: params.page - 1 })} className="text-blue-700 underline">Previous</Link>}
          <span>
            Page {result.page} of {result.pageCount}
          </span>
          {params.page < result.pageCount && <Link href={hrefWith({ page: params.page + 1 })} className="text-blue-700 underline">Next</Link>}
        </nav>
      )}

      <section aria-labelledby="create-mailbox" className="space-y-3">
        <h2 id="create-mailbox" className="text-lg font-semibold">Create mailbox</h2>
        {account.domains.length > 0 ? <CreateMailboxForm domains={account.domains} /> : <p className="text-sm text-slate-600">Add a domain to this account first.</p>}
      </section>

      <section aria-labelledby="account-ldap" className="space-y-3">
        <h2 id="account-ldap" className="text-lg font-semibold">Account → LDAP Password</h2>
        <p className="text-sm text-slate-600">{account.hasLdapPassword ? "An account LDAP password is set." : "No account LDAP password is set yet."}</p>
        <AccountLdapPasswordForm accountId={account.id} accountName={account.name} />
      </section>
    </div>
  );
}

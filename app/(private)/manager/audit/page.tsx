import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { isStaff } from "@/lib/auth/permissions";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { searchAccounts } from "@/lib/directory/search-accounts";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { AuditSearchParams, auditDateRange } from "./audit-search-params.schema";
import { Pager } from "@/components/ui/pager";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const db = await getDb();
  const params = AuditSearchParams.parse(await searchParams);
  const isStaffView = isStaff(actor);
  const listing = await listAuditEvents(db, {
    actor,
    accountId: isStaffView ? params.account : undefined,
    actorAddress: params.actor,
    actionPrefix: params.action,
    targetId: params.target,
    ...auditDateRange(params),
    page: params.page,
    pageSize: PAGE_SIZE,
  }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  const accounts = isStaffView ? (await searchAccounts(db, { actor, pageSize: 200 })).rows : [];
  const pageHref = (page: number) => {
    const kept = Object.entries({ ...params, page: String(page) }).filter((entry): entry is [string, string] => typeof entry[1] === "string");
    return `/manager/audit?${new URLSearchParams(kept)}`;
  };

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="text-sm text-slate-600">
        {isStaffView ? "Every change on the platform" : "Every change in your account"}: who made it, when (UTC) and from which address.
      </p>
      <form method="get" className="flex flex-wrap items-end gap-4 text-sm" data-testid="audit-filters">
        {isStaffView && (
          <label className="block">
            <span className="font-medium">Account</span>
            <select name="account" defaultValue={params.account ?? ""} className="mt-1 block rounded-md border border-slate-300 px-2 py-1">
              <option value="">All accounts</option>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <FilterField name="actor" label="By" placeholder="someone@example.com" value={params.actor} />
        <FilterField name="action" label="Action starts with" placeholder="mailbox." value={params.action} />
        <FilterField name="target" label="Target id" value={params.target} />
        <FilterField name="from" label="From (UTC)" type="date" value={params.from} />
        <FilterField name="to" label="To (UTC)" type="date" value={params.to} />
        <button type="submit" className="rounded-md bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
          Filter
        </button>
      </form>

      {listing.rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="audit-empty">
          No changes match.
        </p>
      ) : (
        <DataTable columns={[{ label: "When" }, { label: "Who" }, { label: "From" }, { label: "What" }, { label: "Target" }, { label: "Details" }]}>
          <tbody>
            {listing.rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-200 align-top" data-testid="audit-row">
                <td className="py-2 pr-2 whitespace-nowrap">{formatUtcTime(row.at)}</td>
                <td className="py-2 pr-2 break-all">{row.actorAddress ?? "system"}</td>
                <td className="py-2 pr-2" data-testid="audit-ip">
                  {row.clientIp ?? "—"}
                </td>
                <td className="py-2 pr-2 font-mono text-xs">{row.action}</td>
                <td className="py-2 pr-2 text-xs">
                  {row.targetType} <span className="break-all text-slate-500">{row.targetId}</span>
                </td>
                <td className="py-2 font-mono text-xs break-all text-slate-600">{row.details === null ? "" : JSON.stringify(row.details)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <Pager page={listing.page} pageSize={listing.pageSize} total={listing.total} noun="changes" hrefFor={pageHref} previousLabel="Newer" nextLabel="Older" />
    </div>
  );
}

function FilterField({ name, label, value, placeholder, type = "text" }: { name: string; label: string; value: string | undefined; placeholder?: string; type?: string }) {
  return (
    <label className="block">
      <span className="font-medium">{label}</span>
      <input name={name} type={type} defaultValue={value ?? ""} placeholder={placeholder} className="mt-1 block rounded-md border border-slate-300 px-2 py-1" />
    </label>
  );
}

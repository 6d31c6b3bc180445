import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listQueue, OUTBOUND_STATES, type QueueRow } from "@/lib/queue/list-queue";
import { QueueRowActions } from "@/components/queue/queue-row-actions";
import { formatBytes } from "@/components/ui/format-bytes";
import { formatTimeUntil } from "@/components/ui/format-time-until";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { QueueSearchParams } from "./queue-search-params.schema";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Outbound queue" };

const PAGE_SIZE = 50;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const filters = QueueSearchParams.parse(await searchParams);
  const listing = await listQueue(await getDb(), { actor, ...filters, pageSize: PAGE_SIZE }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  const now = new Date();
  const allCount = Object.values(listing.counts).reduce((sum, count) => sum + count, 0);
  const pageCount = Math.max(1, Math.ceil(listing.total / listing.pageSize));
  const pageHref = (page: number) => `/staff/queue?${new URLSearchParams({ ...(filters.state ? { state: filters.state } : {}), ...(filters.domain ? { domain: filters.domain } : {}), page: String(page) })}`;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Outbound queue</h1>
      <form method="get" className="flex flex-wrap items-end gap-4 text-sm">
        <label className="block">
          <span className="font-medium">State</span>
          <select name="state" defaultValue={filters.state ?? ""} className="mt-1 block rounded-md border border-slate-300 px-2 py-1">
            <option value="">All states ({allCount})</option>
            {OUTBOUND_STATES.map((state) => (
              <option key={state} value={state}>
                {stateLabel(state)} ({listing.counts[state]})
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="font-medium">Destination domain</span>
          <input name="domain" defaultValue={filters.domain ?? ""} placeholder="example.com" className="mt-1 block rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
          Filter
        </button>
      </form>

      {listing.rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="queue-empty">
          Nothing {filters.state ? stateLabel(filters.state).toLowerCase() : "in the queue"}
          {filters.domain ? ` for ${filters.domain}` : ""}.
        </p>
      ) : (
        <DataTable columns={[{ label: "Recipient" }, { label: "From" }, { label: "State" }, { label: "Attempts" }, { label: "Next try" }, { label: "Last reply" }, { className: "w-40" }]}>
          <tbody>
            {listing.rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-200 align-top" data-testid={`queue-row-${row.id}`}>
                <td className="py-2 pr-2 break-all">{row.address}</td>
                <td className="py-2 pr-2">
                  <div className="break-all">{row.message.mailFrom || "<> (notice)"}</div>
                  <div className="text-xs text-slate-500">
                    {originLabel(row)} · {formatBytes(row.message.size)} · queued {formatUtcTime(row.message.createdAt)}
                  </div>
                </td>
                <td className="py-2 pr-2" data-testid="queue-state">{row.state}</td>
                <td className="py-2 pr-2">{row.attempts}</td>
                <td className="py-2 pr-2" data-testid="queue-next-try">
                  {row.state !== "QUEUED" ? (
                    <span className="text-slate-500">ended {row.finishedAt ? formatUtcTime(row.finishedAt) : ""}</span>
                  ) : row.isBeingDelivered ? (
                    "being tried now"
                  ) : (
                    <span title={formatUtcTime(row.nextAttemptAt)}>{formatTimeUntil(row.nextAttemptAt, now)}</span>
                  )}
                </td>
                <td className="py-2 pr-2 break-all" data-testid="queue-last-error">
                  {row.lastError || <span className="text-slate-400">—</span>}
                  {row.lastHost && <div className="text-xs text-slate-500">from {row.lastHost}</div>}
                </td>
                <td className="py-2">{row.state === "QUEUED" && <QueueRowActions recipientId={row.id} />}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      {pageCount > 1 && (
        <nav className="flex items-center gap-4 text-sm" aria-label="Pages">
          {listing.page > 1 && <Link href={pageHref(listing.page - 1)} className="text-blue-700 underline">Previous</Link>}
          <span className="text-slate-600">
            Page {listing.page} of {pageCount}
          </span>
          {listing.page < pageCount && <Link href={pageHref(listing.page + 1)} className="text-blue-700 underline">Next</Link>}
        </nav>
      )}
    </div>
  );
}

function stateLabel(state: (typeof OUTBOUND_STATES)[number]): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

/** Who the message is from, on our side: the sending mailbox, the forwarding one, or a notice of ours. */
function originLabel(row: QueueRow): string {
  const { origin, senderAddress, forwardingAddress } = row.message;
  if (origin === "FORWARD") return `forwarded by ${forwardingAddress ?? "a deleted mailbox"}`;
  if (origin === "NOTICE") return "delivery notice";
  return `${origin === "WEBMAIL" ? "webmail" : "submission"} by ${senderAddress ?? "a deleted mailbox"}`;
}

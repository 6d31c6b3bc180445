import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { summarizeComplaints } from "@/lib/queue/summarize-complaints";
import { PeriodLinks } from "@/components/queue/period-links";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { PERIOD_CHOICES, periodSearchParams } from "../period-search-params.schema";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Complaints" };

const ComplaintsSearchParams = periodSearchParams(30);

export default async function ComplaintsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const { days } = ComplaintsSearchParams.parse(await searchParams);
  const summary = await summarizeComplaints(await getDb(), { actor, days, sampleCount: 20 }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Complaints</h1>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Feedback-loop reports of mail from us marked as spam, {formatUtcTime(summary.since)} to {formatUtcTime(summary.until)}:{" "}
          <strong data-testid="complaints-total">{summary.total}</strong>. A sending mailbox&apos;s rate is its complaints over the remote recipients it had delivered in
          the period.
        </p>
      </div>
      <PeriodLinks basePath="/staff/complaints" days={days} choices={PERIOD_CHOICES} />

      <section>
        <h2 className="mb-2 text-lg font-semibold">By sending mailbox</h2>
        {summary.bySendingMailbox.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <DataTable columns={[{ label: "Mailbox" }, { label: "Complaints", className: "text-right" }, { label: "Delivered", className: "text-right" }, { label: "Rate", className: "text-right" }]} width="w-full max-w-3xl">
            <tbody>
              {summary.bySendingMailbox.map((sender) => (
                <tr key={sender.mailboxId} className="border-b border-slate-200">
                  <td className="py-2">{sender.address ?? `deleted mailbox ${sender.mailboxId}`}</td>
                  <td className="text-right tabular-nums">{sender.complaints}</td>
                  <td className="text-right tabular-nums">{sender.delivered}</td>
                  <td className="text-right tabular-nums" title={sender.rate === null ? "Nothing delivered in this period" : undefined}>
                    {sender.rate === null ? "—" : `${(sender.rate * 100).toFixed(2)} %`}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <div className="grid gap-8 md:grid-cols-2">
        <section>
          <h2 className="mb-2 text-lg font-semibold">By forwarding mailbox</h2>
          <CountTable rows={summary.byForwardingMailbox.map((row) => ({ key: row.mailboxId, label: row.address ?? `deleted mailbox ${row.mailboxId}`, count: row.complaints }))} heading="Mailbox" />
        </section>
        <section>
          <h2 className="mb-2 text-lg font-semibold">By destination</h2>
          <CountTable rows={summary.byDestinationDomain.map((row) => ({ key: row.destinationDomain, label: row.destinationDomain || "unknown", count: row.complaints }))} heading="Domain" />
        </section>
      </div>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Latest samples</h2>
        {summary.samples.length === 0 && <p className="text-sm text-slate-600">None.</p>}
        <ul className="space-y-4">
          {summary.samples.map((sample) => (
            <li key={sample.id} className="rounded-md border border-slate-200 bg-white p-3" data-testid="complaint-sample">
              <p className="text-sm text-slate-600">
                {formatUtcTime(sample.receivedAt)} · {sample.feedbackType} · reported by {sample.reporter || "unknown"} · to {sample.destinationDomain || "unknown"}
              </p>
              {/* Text only: React escapes it, so markup in a reported message is shown, never run. */}
              <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all bg-slate-50 p-2 text-xs">{sample.sample}</pre>
              {sample.isSampleCut && <p className="mt-1 text-xs text-slate-500">First 2 KiB shown.</p>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CountTable({ rows, heading }: { rows: { key: string; label: string; count: number }[]; heading: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">None.</p>;
  return (
    <DataTable columns={[{ label: heading }, { label: "Complaints", className: "text-right" }]}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-slate-200">
            <td className="py-2">{row.label}</td>
            <td className="text-right tabular-nums">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

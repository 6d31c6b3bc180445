import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { canManageAccount, canManageMailbox, isStaff } from "@/lib/auth/permissions";
import { REJECTS_PAGE_SIZE, listRejects } from "@/lib/reports/list-rejects";
import { loadCatchAllDays, loadRejectCharts } from "@/lib/reports/reject-charts";
import { REJECT_STAGES, RejectFilterParams, settleFilters } from "@/lib/reports/reject-filters";
import { KNOWN_REASON_KEYS, describeReason } from "@/lib/reports/reject-reasons";
import { resolveRejectScope, type RejectScope } from "@/lib/reports/reject-scope";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { LocalTime } from "@/components/reports/local-time";
import { RefusalsOverTime, TopList } from "@/components/reports/reject-charts";
import { RejectRowActions } from "@/components/reports/reject-row-actions";
import { DeliveryForm } from "@/components/manager-delivery/delivery-form";
import { setRejectDigestAction } from "./actions";
import { reportQuery } from "./report-query";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Reject reports" };

const SORT_LABELS = { "time-desc": "Newest first", "time-asc": "Oldest first", sender: "Sender", recipient: "Recipient", "score-desc": "Spam score" } as const;

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const params = RejectFilterParams.parse(raw);
  const filters = settleFilters(params);
  const db = await getDb();
  const config = loadConfig();
  let scope: RejectScope;
  try {
    scope = resolveRejectScope(actor, { view: params.view, accountId: params.account });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  }
  const [listing, charts, catchAll, settings] = await Promise.all([
    listRejects(db, { actor, scope, filters, page: params.page }),
    loadRejectCharts(db, { actor, scope, fromDay: filters.fromDay, toDay: filters.toDay }),
    loadCatchAllDays(db, { actor, scope, fromDay: filters.fromDay, toDay: filters.toDay, cap: config.mx.catchAllDailyCap }),
    db.mailSettings.findUnique({ where: { mailboxId: actor.mailboxId }, select: { rejectDigest: true } }),
  ]);
  const hasDigest = settings?.rejectDigest ?? false;
  const hrefWith = (changes: Record<string, string | undefined>) => `/reports?${reportQuery({ ...params, ...changes })}`;
  const label = (key: string) => describeReason(key);
  const labels = Object.fromEntries(charts.reasons.map((key) => [key, label(key)]));
  const canSeeAccount = canManageAccount(actor, actor.accountId);
  const views = [
    ...(isStaff(actor) ? [{ view: "all", label: "Everyone" }] : []),
    ...(canSeeAccount ? [{ view: "account", label: "My account" }] : []),
    { view: "mine", label: "My mailbox" },
  ];

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Reject reports</h1>
        <p className="text-sm text-slate-600" data-testid="report-scope">
          {scope.kind === "all" ? "Every refusal by our mail servers" : scope.kind === "account" ? "Refusals of mail to your account" : `Refusals of mail to ${actor.address}`}, {filters.fromDay} to {filters.toDay} (UTC days). Why didn’t a message arrive? Find the sender here: the reason says what the sending server was told.
        </p>
        {views.length > 1 && (
          <nav className="flex gap-3 text-sm" aria-label="Report scope">
            {views.map((entry) => (
              <Link key={entry.view} href={hrefWith({ view: entry.view, account: undefined, page: undefined })} className={scope.kind === (entry.view === "mine" ? "mailbox" : entry.view) ? "font-semibold" : "text-blue-700 underline"}>
                {entry.label}
              </Link>
            ))}
          </nav>
        )}
      </header>

      {!actor.viewedBy && (
        <DeliveryForm action={setRejectDigestAction} submitLabel={hasDigest ? "Stop the daily digest" : "Email me a daily digest"} isInline testId="digest-form">
          <input type="hidden" name="enabled" value={hasDigest ? "false" : "true"} />
          <span className="text-sm text-slate-600">{hasDigest ? "Each morning your INBOX gets a summary of the previous day’s refused mail." : "Get a summary of each day’s refused mail in your INBOX."}</span>
        </DeliveryForm>
      )}

      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-testid="report-filters">
        {params.view && <input type="hidden" name="view" value={params.view} />}
        {params.account && <input type="hidden" name="account" value={params.account} />}
        <Field name="from" label="From (UTC)" type="date" value={filters.fromDay} />
        <Field name="to" label="To (UTC)" type="date" value={filters.toDay} />
        <Field name="recipient" label="Recipient" value={params.recipient} placeholder="you@example.com" />
        <Field name="sender" label="Sender" value={params.sender} />
        <Field name="domain" label="Sender domain" value={params.domain} />
        <Field name="ip" label="Client IP" value={params.ip} />
        <Select name="reason" label="Reason" value={params.reason} options={KNOWN_REASON_KEYS.map((key) => [key, label(key)])} />
        <Select name="stage" label="SMTP stage" value={params.stage} options={REJECT_STAGES.map((stage) => [stage, stage])} />
        <Field name="q" label="Search" value={params.q} placeholder="anything" />
        <Select name="sort" label="Sort" value={params.sort} options={Object.entries(SORT_LABELS)} hasAny={false} />
        <label className="flex items-center gap-2 pb-1.5">
          <input type="checkbox" name="catchAll" value="1" defaultChecked={filters.includeCatchAll} data-testid="catch-all-toggle" />
          <span>Include catch-all refusals</span>
        </label>
        <button type="submit" className="rounded-md bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
          Show
        </button>
      </form>

      <section className="space-y-4" aria-labelledby="charts-heading">
        <h2 id="charts-heading" className="text-lg font-semibold">
          Refusals per day by reason <span className="text-sm font-normal text-slate-500">({charts.total} in total, catch-all refusals apart)</span>
        </h2>
        {/* The charts come from the daily roll-ups, which are counted per day, reason, sender and IP only. */}
        {(filters.recipient || filters.sender || filters.domain || filters.reason || filters.stage || filters.ip || filters.q) && (
          <p className="text-sm text-slate-600" data-testid="charts-unfiltered">
            The charts count every refusal of these days; the other filters apply to the table below.
          </p>
        )}
        <RefusalsOverTime days={charts.days} reasons={charts.reasons} labels={labels} />
        <div className="grid gap-6 md:grid-cols-3">
          <TopList title="Top reasons" rows={charts.topReasons.map((row) => ({ ...row, label: label(row.value) }))} testId="top-reasons" />
          <TopList title="Top senders" rows={charts.topSenders} testId="top-senders" />
          <TopList title="Top sending IPs" rows={charts.topIps} testId="top-ips" />
        </div>
      </section>

      {scope.kind !== "mailbox" && (
        <section className="space-y-2" aria-labelledby="catch-all-heading" data-testid="catch-all-panel">
          <h2 id="catch-all-heading" className="text-lg font-semibold">Catch-all refusals</h2>
          <p className="text-sm text-slate-600">Mail to addresses nobody has, on domains with a catch-all: every refusal is counted, the first {config.mx.catchAllDailyCap} of a day per domain are kept for the table.</p>
          {catchAll.length === 0 ? (
            <p className="text-sm text-slate-600">None in this period.</p>
          ) : (
            <table className="text-sm">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="pr-6 font-medium">Day (UTC)</th>
                  <th className="pr-6 font-medium">Domain</th>
                  <th className="pr-6 font-medium">Refused</th>
                  <th className="font-medium">Kept</th>
                </tr>
              </thead>
              <tbody>
                {catchAll.map((row) => (
                  <tr key={`${row.domain} ${row.day}`} data-testid={`catch-all-${row.domain}-${row.day}`}>
                    <td className="pr-6">{row.day}</td>
                    <td className="pr-6 font-mono">{row.domain}</td>
                    <td className="pr-6">{row.count}</td>
                    <td>{row.stored}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section className="space-y-3" aria-labelledby="table-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="table-heading" className="text-lg font-semibold">Refusals</h2>
          <a href={`/api/reports/rejects-csv?${reportQuery(params)}`} className="text-sm text-blue-700 underline" data-testid="csv-export" download>
            Export CSV (this page’s filters and order, up to 10,000 rows)
          </a>
        </div>
        {listing.rows.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="rejects-empty">
            No refusals match.
          </p>
        ) : (
          <DataTable
            testId="rejects-table"
            columns={[
              ...["Time (UTC)", "Your time", "Sender", "Recipient", "Client", "Stage", "Reason", "Spam score"].map((label) => ({ label, className: "pr-3 font-medium" })),
              { label: <span className="sr-only">Actions</span>, className: "font-medium" },
            ]}
          >
            <tbody>
              {listing.rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-100 align-top" data-testid="reject-row" data-reject-id={row.id}>
                  <td className="py-2 pr-3 whitespace-nowrap" data-testid="cell-time">{formatUtcTime(row.at)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap text-slate-600">
                    <LocalTime iso={row.at.toISOString()} />
                  </td>
                  <td className="py-2 pr-3 font-mono break-all" data-testid="cell-sender">{row.mailFrom || "<>"}</td>
                  <td className="py-2 pr-3 font-mono break-all" data-testid="cell-recipient">{row.rcptTo}</td>
                  <td className="py-2 pr-3">
                    <span className="font-mono" data-testid="cell-ip">{row.clientIp}</span>
                    {row.helo && <span className="block text-xs text-slate-500">HELO {row.helo}</span>}
                  </td>
                  <td className="py-2 pr-3" data-testid="cell-stage">{row.stage}</td>
                  <td className="py-2 pr-3">
                    <span className="font-medium" data-testid="cell-reason">{describeReason(row.reasonKey)}</span>
                    {row.isCatchAll && <span className="ml-1 rounded bg-slate-100 px-1 text-xs">catch-all</span>}
                    <span className="block text-xs text-slate-500" data-testid="cell-reply">
                      {row.smtpCode} {row.enhancedCode} {row.reasonText}
                    </span>
                  </td>
                  <td className="py-2 pr-3">
                    {row.score === null ? "" : row.score}
                    {row.ruleHits.length > 0 && <span className="block text-xs text-slate-500">{row.ruleHits.map((hit) => `${hit.name} (${hit.score})`).join(", ")}</span>}
                  </td>
                  <td className="py-2">
                    <RejectRowActions
                      rejectId={row.id}
                      canAllow={!actor.viewedBy && Boolean(row.mailFrom && row.mailboxId && row.accountId && canManageMailbox(actor, { id: row.mailboxId, accountId: row.accountId }))}
                      canBlock={!actor.viewedBy && Boolean(row.mailFrom && row.accountId && canManageAccount(actor, row.accountId))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <nav className="flex items-center gap-4 text-sm" aria-label="Pages">
          {params.page > 1 && (
            <Link href={hrefWith({ page: String(params.page - 1) })} className="text-blue-700 underline">
              Newer
            </Link>
          )}
          <span className="text-slate-600">Page {params.page} ({REJECTS_PAGE_SIZE} a page)</span>
          {listing.hasMore && (
            <Link href={hrefWith({ page: String(params.page + 1) })} className="text-blue-700 underline" data-testid="next-page">
              Older
            </Link>
          )}
        </nav>
      </section>
    </div>
  );
}

function Field({ name, label, value, type = "text", placeholder }: { name: string; label: string; value?: string; type?: string; placeholder?: string }) {
  return (
    <label className="block">
      <span className="font-medium">{label}</span>
      <input name={name} type={type} defaultValue={value ?? ""} placeholder={placeholder} className="mt-1 block w-40 rounded-md border border-slate-300 px-2 py-1" />
    </label>
  );
}

function Select({ name, label, value, options, hasAny = true }: { name: string; label: string; value?: string; options: [string, string][]; hasAny?: boolean }) {
  return (
    <label className="block">
      <span className="font-medium">{label}</span>
      <select name={name} defaultValue={value ?? ""} className="mt-1 block rounded-md border border-slate-300 px-2 py-1">
        {hasAny && <option value="">Any</option>}
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { listDomains } from "@/lib/directory/list-domains";
import { listMailboxChoices } from "@/lib/directory/list-mailbox-choices";
import { describeDnsRecords, type DnsRecordToPublish } from "@/lib/directory/describe-dns-records";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { CopyButton } from "@/components/manager-delivery/copy-button";
import { DeliveryForm, FIELD_CLASS } from "@/components/manager-delivery/delivery-form";
import { addDomainAction, rotateDkimKeyAction, setCatchAllAction, verifyDomainAction } from "./actions";

export const metadata: Metadata = { title: "Domains" };

const SearchParams = z.object({ account: z.string().min(1).max(100).optional().catch(undefined) });

export default async function DomainsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const accountId = SearchParams.parse(await searchParams).account ?? actor.accountId;
  const db = await getDb();
  const config = loadConfig();
  const [domains, mailboxes] = await Promise.all([listDomains(db, { actor, accountId }), listMailboxChoices(db, { actor, accountId })]).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const records = await Promise.all(
    domains.map((domain) => describeDnsRecords(db, { actor, domainId: domain.id, publicHostname: config.publicHostname, ports: { submission: config.ports.submission, smtps: config.ports.smtps, imaps: config.ports.imaps, pop3s: config.ports.pop3s } })),
  );

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Domains</h1>
      <DeliveryForm action={addDomainAction} submitLabel="Add domain" isInline testId="add-domain">
        <input type="hidden" name="accountId" value={accountId} />
        <label className="block min-w-0 flex-1">
          <span className="text-sm font-medium">New domain</span>
          <input name="name" required placeholder="example.com" autoComplete="off" className={FIELD_CLASS} />
        </label>
      </DeliveryForm>

      {domains.length === 0 && <p className="text-sm text-slate-600">No domains yet.</p>}
      {domains.map((domain, index) => {
        const domainRecords = records[index] ?? [];
        const hasNextKey = domainRecords.some((record) => record.dkimState === "NEXT");
        return (
          <section key={domain.id} aria-labelledby={`domain-${domain.id}`} data-testid={`domain-${domain.name}`} className="space-y-4 rounded-lg border border-slate-200 p-4">
            <div className="flex flex-wrap items-baseline gap-3">
              <h2 id={`domain-${domain.id}`} className="text-lg font-semibold break-all">{domain.name}</h2>
              {domain.verifiedAt ? (
                <span className="rounded bg-green-50 px-2 py-0.5 text-xs text-green-800">Verified {formatUtcTime(domain.verifiedAt)}</span>
              ) : (
                <span className="rounded bg-amber-50 px-2 py-0.5 text-xs text-amber-900">Not verified: no mail is accepted yet</span>
              )}
            </div>

            {!domain.verifiedAt && (
              <div className="space-y-2 text-sm">
                <p>Publish this TXT record to prove you own the domain, then verify it:</p>
                <RecordLine record={{ type: "TXT", name: domain.verificationRecord.name, value: domain.verificationRecord.value }} />
                <DeliveryForm action={verifyDomainAction} submitLabel="Verify now" isInline testId="verify-domain">
                  <input type="hidden" name="domainId" value={domain.id} />
                </DeliveryForm>
              </div>
            )}

            <DeliveryForm action={setCatchAllAction} submitLabel="Save catch-all" isInline testId="catch-all">
              <input type="hidden" name="domainId" value={domain.id} />
              <label className="block min-w-0 flex-1">
                <span className="text-sm font-medium">Catch-all: mail to unknown addresses goes to</span>
                <select name="mailboxId" defaultValue={domain.catchAllMailboxId ?? ""} className={FIELD_CLASS}>
                  <option value="">Nobody (refuse it)</option>
                  {mailboxes.map((mailbox) => (
                    <option key={mailbox.id} value={mailbox.id}>{mailbox.address}</option>
                  ))}
                </select>
              </label>
            </DeliveryForm>

            <details className="text-sm" open={!domain.verifiedAt}>
              <summary className="cursor-pointer font-medium">DNS records to publish</summary>
              <ul className="mt-3 space-y-3">
                {domainRecords.map((record) => (
                  <li key={`${record.type} ${record.name} ${record.value}`} className="space-y-1">
                    <p className="text-xs text-slate-600">
                      <span className="font-semibold">{label(record)}</span> · {record.note}
                    </p>
                    <RecordLine record={record} />
                  </li>
                ))}
              </ul>
            </details>

            <DeliveryForm action={rotateDkimKeyAction} submitLabel={hasNextKey ? "Finish DKIM rotation" : "Rotate DKIM key"} isInline testId="rotate-dkim">
              <input type="hidden" name="domainId" value={domain.id} />
            </DeliveryForm>
          </section>
        );
      })}
    </div>
  );
}

function label(record: DnsRecordToPublish): string {
  if (record.purpose === "DKIM") return `DKIM (${record.dkimState?.toLowerCase() ?? "key"})`;
  return record.purpose === "AUTOCONFIG" ? "Autoconfiguration" : record.purpose === "VERIFICATION" ? "Verification" : record.purpose;
}

/** Name, type and value as a zone file has them; name and value each with a copy button. */
function RecordLine({ record }: { record: { type: string; name: string; value: string } }) {
  return (
    <div className="grid gap-1 rounded-md bg-slate-50 p-2 font-mono text-xs sm:grid-cols-[minmax(0,2fr)_auto_minmax(0,3fr)] sm:items-start sm:gap-3">
      <div className="flex min-w-0 items-start gap-2">
        <span className="min-w-0 break-all" data-testid="record-name">{record.name}</span>
        <CopyButton text={record.name} label="Copy name" />
      </div>
      <span className="font-semibold">{record.type}</span>
      <div className="flex min-w-0 items-start gap-2">
        <span className="min-w-0 break-all" data-testid="record-value">{record.value}</span>
        <CopyButton text={record.value} label="Copy value" />
      </div>
    </div>
  );
}

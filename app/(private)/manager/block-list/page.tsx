import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { canManagePlatform } from "@/lib/auth/permissions";
import { listBlockEntries } from "@/lib/delivery/list-block-entries";
import { formatUtcTime } from "@/components/ui/format-utc-time";
import { DeliveryForm, FIELD_CLASS } from "@/components/manager-delivery/delivery-form";
import { addBlockEntryAction, removeBlockEntryAction } from "./actions";

export const metadata: Metadata = { title: "Block list" };

const SearchParams = z.object({ account: z.string().min(1).max(100).optional().catch(undefined) });

const KIND_LABELS = { ADDRESS: "Address", DOMAIN: "Domain", IP: "IP / range" } as const;

export default async function BlockListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const accountId = SearchParams.parse(await searchParams).account ?? actor.accountId;
  const db = await getDb();
  const showsGlobal = canManagePlatform(actor);
  const [entries, globalEntries] = await Promise.all([listBlockEntries(db, { actor, accountId }), showsGlobal ? listBlockEntries(db, { actor, accountId: null }) : Promise.resolve([])]).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });

  return (
    <div className="space-y-10">
      <BlockListSection title="Block list" headingLevel="h1" listId={accountId} entries={entries} intro="Mail from these senders to this account is refused (550 5.7.1) within ten seconds of adding them. A domain blocks its subdomains too." />
      {showsGlobal && <BlockListSection title="Global block list (every account)" headingLevel="h2" listId="global" entries={globalEntries} intro="Provider staff only: refused for every account's recipients." />}
    </div>
  );
}

type Entry = { id: string; kind: keyof typeof KIND_LABELS; value: string; note: string; createdAt: Date };

function BlockListSection({ title, headingLevel: Heading, listId, entries, intro }: { title: string; headingLevel: "h1" | "h2"; listId: string; entries: Entry[]; intro: string }) {
  return (
    <section aria-labelledby={`block-${listId}`} className="space-y-4" data-testid={`block-list-${listId === "global" ? "global" : "account"}`}>
      <Heading id={`block-${listId}`} className="text-2xl font-semibold">{title}</Heading>
      <p className="text-sm text-slate-600">{intro}</p>
      <DeliveryForm action={addBlockEntryAction} submitLabel="Block">
        <input type="hidden" name="accountId" value={listId} />
        <div className="flex flex-wrap items-end gap-2">
          <label className="block">
            <span className="text-sm font-medium">Kind</span>
            <select name="kind" className={FIELD_CLASS}>
              {Object.entries(KIND_LABELS).map(([kind, label]) => (
                <option key={kind} value={kind}>{label}</option>
              ))}
            </select>
          </label>
          <label className="block min-w-0 flex-1">
            <span className="text-sm font-medium">Sender</span>
            <input name="value" required placeholder="spam@example.com, example.com, 192.0.2.0/24" autoComplete="off" className={FIELD_CLASS} />
          </label>
        </div>
        <label className="block">
          <span className="text-sm font-medium">Note (optional)</span>
          <input name="note" maxLength={200} className={FIELD_CLASS} />
        </label>
      </DeliveryForm>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing blocked.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm">
          {entries.map((entry) => (
            <li key={entry.id} data-testid={`block-entry-${entry.value}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div className="min-w-0">
                <p className="font-mono break-all">{entry.value}</p>
                <p className="text-xs text-slate-500">
                  {KIND_LABELS[entry.kind]} · since {formatUtcTime(entry.createdAt)}
                  {entry.note && ` · ${entry.note}`}
                </p>
              </div>
              <DeliveryForm action={removeBlockEntryAction} submitLabel="Remove" isDanger isInline>
                <input type="hidden" name="entryId" value={entry.id} />
              </DeliveryForm>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listAliases } from "@/lib/directory/list-aliases";
import { listForwards } from "@/lib/directory/list-forwards";
import { listDomains } from "@/lib/directory/list-domains";
import { listMailboxChoices } from "@/lib/directory/list-mailbox-choices";
import { DeliveryForm, FIELD_CLASS } from "@/components/manager-delivery/delivery-form";
import { addForwardAction, createAliasAction, deleteAliasAction, removeForwardAction, setAliasTargetsAction, setForwardKeepsCopyAction } from "./actions";

export const metadata: Metadata = { title: "Aliases and forwarding" };

const SearchParams = z.object({ account: z.string().min(1).max(100).optional().catch(undefined) });

export default async function AliasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const accountId = SearchParams.parse(await searchParams).account ?? actor.accountId;
  const db = await getDb();
  const [aliases, forwards, domains, mailboxes] = await Promise.all([
    listAliases(db, { actor, accountId }),
    listForwards(db, { actor, accountId }),
    listDomains(db, { actor, accountId }),
    listMailboxChoices(db, { actor, accountId }),
  ]).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });

  return (
    <div className="space-y-10">
      <section aria-labelledby="aliases" className="space-y-4">
        <h1 id="aliases" className="text-2xl font-semibold">Aliases</h1>
        <p className="text-sm text-slate-600">An alias is an address that delivers to one or more mailboxes.</p>
        <DeliveryForm action={createAliasAction} submitLabel="Create alias" testId="create-alias">
          <div className="flex flex-wrap items-end gap-2">
            <label className="block min-w-0 flex-1">
              <span className="text-sm font-medium">Alias</span>
              <input name="localPart" required placeholder="team" autoComplete="off" className={FIELD_CLASS} />
            </label>
            <label className="block min-w-0 flex-1">
              <span className="text-sm font-medium">@ domain</span>
              <select name="domain" className={FIELD_CLASS}>
                {domains.map((domain) => (
                  <option key={domain.id} value={domain.name}>{domain.name}</option>
                ))}
              </select>
            </label>
          </div>
          <MailboxCheckboxes mailboxes={mailboxes} checked={[]} />
        </DeliveryForm>

        {aliases.length === 0 && <p className="text-sm text-slate-600">No aliases yet.</p>}
        <ul className="space-y-4">
          {aliases.map((alias) => (
            <li key={alias.id} data-testid={`alias-${alias.address}`} className="space-y-2 rounded-lg border border-slate-200 p-3">
              <h2 className="font-semibold break-all">{alias.address}</h2>
              <DeliveryForm action={setAliasTargetsAction} submitLabel="Save targets">
                <input type="hidden" name="aliasId" value={alias.id} />
                <MailboxCheckboxes mailboxes={mailboxes} checked={alias.targets.map((target) => target.id)} />
              </DeliveryForm>
              <DeliveryForm action={deleteAliasAction} submitLabel="Delete alias" isDanger isInline>
                <input type="hidden" name="aliasId" value={alias.id} />
              </DeliveryForm>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="forwards" className="space-y-4">
        <h2 id="forwards" className="text-2xl font-semibold">Forwarding</h2>
        <p className="text-sm text-slate-600">A mailbox can send a copy of its incoming mail to other addresses, and keep its own copy or not.</p>
        <DeliveryForm action={addForwardAction} submitLabel="Add forward" testId="add-forward">
          <label className="block">
            <span className="text-sm font-medium">Mailbox</span>
            <select name="mailboxId" className={FIELD_CLASS}>
              {mailboxes.map((mailbox) => (
                <option key={mailbox.id} value={mailbox.id}>{mailbox.address}</option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="text-sm font-medium">Forward to</span>
            <input name="address" type="email" required placeholder="someone@elsewhere.example" className={FIELD_CLASS} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input name="keepsCopy" type="checkbox" defaultChecked /> Keep a copy in the mailbox
          </label>
        </DeliveryForm>

        {forwards.length === 0 && <p className="text-sm text-slate-600">No forwards yet.</p>}
        <ul className="space-y-3">
          {forwards.map((forward) => (
            <li key={forward.id} data-testid={`forward-${forward.address}`} className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm">
              <p className="break-all">
                {forward.mailboxAddress} → <span className="font-semibold">{forward.address}</span> · {forward.keepsCopy ? "keeps a copy" : "keeps no copy"}
              </p>
              <div className="flex flex-wrap gap-2">
                <DeliveryForm action={setForwardKeepsCopyAction} submitLabel={forward.keepsCopy ? "Stop keeping a copy" : "Keep a copy"} isInline>
                  <input type="hidden" name="forwardId" value={forward.id} />
                  <input type="hidden" name="keepsCopy" value={forward.keepsCopy ? "false" : "true"} />
                </DeliveryForm>
                <DeliveryForm action={removeForwardAction} submitLabel="Remove" isDanger isInline>
                  <input type="hidden" name="forwardId" value={forward.id} />
                </DeliveryForm>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function MailboxCheckboxes({ mailboxes, checked }: { mailboxes: { id: string; address: string }[]; checked: string[] }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">Delivers to</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {mailboxes.map((mailbox) => (
          <label key={mailbox.id} className="flex items-center gap-2 text-sm break-all">
            <input type="checkbox" name="targetMailboxIds[]" value={mailbox.id} defaultChecked={checked.includes(mailbox.id)} /> {mailbox.address}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";

export const ListMailboxChoicesInput = z.object({ accountId: z.string().min(1).max(100) });

/** The account's live mailboxes as `{ id, address }`, by address: what a catch-all, alias or forward form offers. */
export async function listMailboxChoices(db: Db, input: { actor: Actor } & z.input<typeof ListMailboxChoicesInput>) {
  const parsed = ListMailboxChoicesInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailboxes", parsed.error.issues);
  assertAllowed(canManageAccount(input.actor, parsed.data.accountId), "Only a mailbox with full management access can see this account's mailboxes.");
  const mailboxes = await db.mailbox.findMany({ where: { accountId: parsed.data.accountId, deletedAt: null }, select: { id: true, localPart: true, domain: { select: { name: true } } } });
  return mailboxes.map((m) => ({ id: m.id, address: `${m.localPart}@${m.domain.name}` })).sort((a, b) => a.address.localeCompare(b.address));
}

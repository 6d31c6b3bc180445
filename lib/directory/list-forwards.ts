import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";

export const ListForwardsInput = z.object({ accountId: z.string().min(1).max(100) });

/** The forwards of an account's live mailboxes, by mailbox address, then destination. */
export async function listForwards(db: Db, input: { actor: Actor } & z.input<typeof ListForwardsInput>) {
  const parsed = ListForwardsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Forwards", parsed.error.issues);
  assertAllowed(canManageAccount(input.actor, parsed.data.accountId), "Only a mailbox with full management access can see this account's forwards.");
  const forwards = await db.forward.findMany({
    where: { mailbox: { accountId: parsed.data.accountId, deletedAt: null } },
    select: { id: true, address: true, keepsCopy: true, mailbox: { select: { id: true, localPart: true, domain: { select: { name: true } } } } },
  });
  return forwards
    .map((f) => ({ id: f.id, address: f.address, keepsCopy: f.keepsCopy, mailboxId: f.mailbox.id, mailboxAddress: `${f.mailbox.localPart}@${f.mailbox.domain.name}` }))
    .sort((a, b) => a.mailboxAddress.localeCompare(b.mailboxAddress) || a.address.localeCompare(b.address));
}

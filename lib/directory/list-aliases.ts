import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";

export const ListAliasesInput = z.object({ accountId: z.string().min(1).max(100) });

/** An account's aliases by address, each with the mailboxes it delivers to. */
export async function listAliases(db: Db, input: { actor: Actor } & z.input<typeof ListAliasesInput>) {
  const parsed = ListAliasesInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Aliases", parsed.error.issues);
  assertAllowed(canManageAccount(input.actor, parsed.data.accountId), "Only a mailbox with full management access can see this account's aliases.");
  const aliases = await db.alias.findMany({
    where: { domain: { accountId: parsed.data.accountId } },
    select: { id: true, localPart: true, domain: { select: { name: true } }, targets: { select: { mailbox: { select: { id: true, localPart: true, domain: { select: { name: true } } } } } } },
  });
  return aliases
    .map((alias) => ({
      id: alias.id,
      address: `${alias.localPart}@${alias.domain.name}`,
      targets: alias.targets.map(({ mailbox }) => ({ id: mailbox.id, address: `${mailbox.localPart}@${mailbox.domain.name}` })).sort((a, b) => a.address.localeCompare(b.address)),
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

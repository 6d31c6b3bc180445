import { AppError } from "../errors.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

/** The alias with this id and its domain, when the actor manages its account; NOT_FOUND / FORBIDDEN otherwise. */
export async function findManagedAlias(db: DbClient, actor: Actor, aliasId: string) {
  const alias = await db.alias.findUnique({ where: { id: aliasId }, include: { domain: { select: { name: true, accountId: true } } } });
  if (!alias) throw new AppError("NOT_FOUND", "No such alias.");
  assertAllowed(canManageAccount(actor, alias.domain.accountId), "Only a mailbox with full management access can change this account's aliases.");
  return { ...alias, address: `${alias.localPart}@${alias.domain.name}` };
}

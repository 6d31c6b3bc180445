import { AppError } from "../errors.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

/**
 * The domain with this id, when the actor manages its account. Throws NOT_FOUND for an unknown id
 * and FORBIDDEN for a domain of an account the actor does not manage.
 */
export async function findManagedDomain(db: DbClient, actor: Actor, domainId: string) {
  const domain = await db.domain.findUnique({ where: { id: domainId } });
  if (!domain) throw new AppError("NOT_FOUND", "No such domain.");
  assertAllowed(canManageAccount(actor, domain.accountId), "Only a mailbox with full management access can change this account's domains.");
  return domain;
}

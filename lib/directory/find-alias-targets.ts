import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

/** At most this many mailboxes per alias: a distribution list larger than this wants a real list server. */
export const MAX_ALIAS_TARGETS = 100;

/**
 * The mailbox ids an alias may deliver to: each a live mailbox of the alias's account. Throws
 * INVALID_INPUT for an empty list and NOT_FOUND when one is not the account's (without saying
 * whether it exists elsewhere).
 */
export async function findAliasTargets(db: DbClient, accountId: string, mailboxIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(mailboxIds)];
  if (ids.length === 0) throw new AppError("INVALID_INPUT", "Choose at least one mailbox for the alias.");
  if (ids.length > MAX_ALIAS_TARGETS) throw new AppError("INVALID_INPUT", `An alias delivers to at most ${MAX_ALIAS_TARGETS} mailboxes.`);
  const found = await db.mailbox.findMany({ where: { id: { in: ids }, accountId, deletedAt: null }, select: { id: true } });
  if (found.length !== ids.length) throw new AppError("NOT_FOUND", "An alias can only deliver to mailboxes of its own account.");
  return ids;
}

import { AppError } from "../errors.ts";
import type { Actor } from "../auth/principal.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import { canManageMailbox } from "../auth/permissions.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";
import { FORWARDING_REASON } from "./add-forward.ts";

/** A forward, when the actor manages its mailbox; NOT_FOUND / FORBIDDEN otherwise. */
export async function findManagedForward(db: DbClient, actor: Actor, forwardId: string) {
  const forward = await db.forward.findUnique({ where: { id: forwardId } });
  if (!forward) throw new AppError("NOT_FOUND", "No such forward.");
  await loadMailboxForManagement(db, { actor, mailboxId: forward.mailboxId, isAllowed: canManageMailbox, reason: FORWARDING_REASON });
  return forward;
}

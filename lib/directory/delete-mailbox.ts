import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const DeleteMailboxInput = z.object({ mailboxId: z.string().min(1).max(64) });

/**
 * Deletes a mailbox: from now on it cannot log in (verifyLogin, loadPrincipal) and the MX answers
 * 550 5.1.1 for it as for an unknown address (resolve-recipient.ts); its data stays until
 * purgeDeletedMailboxes removes it after the grace period, and undoDeleteMailbox restores it
 * until then. The address stays taken meanwhile. Nobody deletes the mailbox they act as.
 */
export async function deleteMailbox(db: Db, input: { actor: Actor; clientIp?: string; now?: Date } & z.input<typeof DeleteMailboxInput>): Promise<void> {
  const parsed = DeleteMailboxInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailbox", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, {
      actor: input.actor,
      mailboxId: parsed.data.mailboxId,
      isAllowed: (actor, m) => canManageAccount(actor, m.accountId),
      reason: "Only a mailbox with full management access can delete mailboxes.",
    });
    if (input.actor.kind === "mailbox" && input.actor.mailboxId === mailbox.id) throw new AppError("CONFLICT", "You cannot delete the mailbox you are signed in with.");
    const now = input.now ?? new Date();
    // Its web sessions end for good: an undo does not bring them back.
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { deletedAt: now, sessionsValidFrom: now } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.delete", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address } });
  });
}

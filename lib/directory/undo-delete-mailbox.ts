import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const UndoDeleteMailboxInput = z.object({ mailboxId: z.string().min(1).max(64) });

/** Restores a deleted mailbox that has not been purged yet, as it was (password, folders, mail). */
export async function undoDeleteMailbox(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof UndoDeleteMailboxInput>): Promise<void> {
  const parsed = UndoDeleteMailboxInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailbox", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, {
      actor: input.actor,
      mailboxId: parsed.data.mailboxId,
      isAllowed: (actor, m) => canManageAccount(actor, m.accountId),
      reason: "Only a mailbox with full management access can restore mailboxes.",
      allowDeleted: true,
    });
    if (!mailbox.deletedAt) throw new AppError("CONFLICT", `${mailbox.address} is not deleted.`);
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { deletedAt: null } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.delete.undo", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address } });
  });
}

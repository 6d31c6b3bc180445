import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const SetMailboxDisabledInput = z.object({
  mailboxId: z.string().min(1).max(64),
  isDisabled: z.boolean(),
});

/**
 * Disables a mailbox (no login over any protocol, the MX refuses its mail with 550 5.2.1) or
 * enables it again. Managers of its account and staff; nobody disables the mailbox they act as,
 * so a manager cannot lock the account's management out by accident.
 */
export async function setMailboxDisabled(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetMailboxDisabledInput>): Promise<void> {
  const parsed = SetMailboxDisabledInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailbox", parsed.error.issues);
  const { isDisabled } = parsed.data;
  await db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, {
      actor: input.actor,
      mailboxId: parsed.data.mailboxId,
      isAllowed: (actor, m) => canManageAccount(actor, m.accountId),
      reason: "Only a mailbox with full management access can disable or enable mailboxes.",
    });
    if (isDisabled && input.actor.kind === "mailbox" && input.actor.mailboxId === mailbox.id) throw new AppError("CONFLICT", "You cannot disable the mailbox you are signed in with.");
    if (mailbox.isDisabled === isDisabled) return;
    // Disabling ends its web sessions for good: enabling it again does not bring them back.
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { isDisabled, ...(isDisabled ? { sessionsValidFrom: new Date() } : {}) } });
    await recordAuditEvent(tx, { actor: input.actor, action: isDisabled ? "mailbox.disable" : "mailbox.enable", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address } });
  });
}

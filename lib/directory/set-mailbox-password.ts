import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount } from "../auth/permissions.ts";
import { checkPasswordRules, hashPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const SetMailboxPasswordInput = z.object({
  mailboxId: z.string().min(1).max(64),
  password: z.string(),
});

/**
 * A manager of the mailbox's account (or staff) sets its mail password without knowing the old
 * one. A mailbox changing its own password goes through changeOwnPassword, which asks for the
 * current one; so a SELF mailbox is refused here even on itself.
 */
export async function setMailboxPassword(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetMailboxPasswordInput>): Promise<void> {
  const parsed = SetMailboxPasswordInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Password", parsed.error.issues);
  const mailbox = await loadMailboxForManagement(db, {
    actor: input.actor,
    mailboxId: parsed.data.mailboxId,
    isAllowed: (actor, m) => canManageAccount(actor, m.accountId),
    reason: "Only a mailbox with full management access can set another mailbox's password.",
  });
  const problem = checkPasswordRules(parsed.data.password, mailbox.address);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  const passwordHash = await hashPassword(parsed.data.password);
  await db.$transaction(async (tx) => {
    // Whoever knew the old password is signed out of the web (a manager resets a password because
    // it leaked); a manager setting their own keeps their session.
    const isOwn = input.actor.kind === "mailbox" && input.actor.mailboxId === mailbox.id;
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { passwordHash, ...(isOwn ? {} : { sessionsValidFrom: new Date() }) } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.password.set", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address } });
  });
}

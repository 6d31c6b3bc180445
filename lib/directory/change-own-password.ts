import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { checkPasswordRules, hashPassword, verifyPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

/** A signed-in mailbox changes its own mail password; the current one must be given. */
export async function changeOwnPassword(
  db: Db,
  input: { actor: Principal; clientIp?: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const mailbox = await db.mailbox.findUnique({ where: { id: input.actor.mailboxId } });
  if (!mailbox) throw new AppError("NOT_FOUND", "This mailbox no longer exists.");
  if (!(await verifyPassword(mailbox.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", "The current password is wrong.");
  }
  const problem = checkPasswordRules(input.newPassword, input.actor.address);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  if (input.newPassword === input.currentPassword) throw new AppError("INVALID_INPUT", "The new password must differ from the current one.");
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { passwordHash } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.password.change", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp });
  });
}

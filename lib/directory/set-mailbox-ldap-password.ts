import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageMailbox } from "../auth/permissions.ts";
import { checkPasswordRules, hashPassword, verifyPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const SetMailboxLdapPasswordInput = z.object({
  mailboxId: z.string().min(1).max(64),
  password: z.string(),
});

/**
 * Sets a mailbox's LDAP bind password (argon2id, like the mail password). The mailbox itself or a
 * manager of its account may. The value must differ from the mail password: the LDAP secret ends
 * up in desktop address-book settings, often stored in the clear, and the point of keeping it
 * separate is that leaking it never unlocks mail. So the same value is refused (INVALID_INPUT).
 */
export async function setMailboxLdapPassword(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetMailboxLdapPasswordInput>): Promise<void> {
  const parsed = SetMailboxLdapPasswordInput.safeParse(input);
  if (!parsed.success) throw invalidInput("LDAP password", parsed.error.issues);
  const mailbox = await loadMailboxForManagement(db, {
    actor: input.actor,
    mailboxId: parsed.data.mailboxId,
    isAllowed: canManageMailbox,
    reason: "You can only set the LDAP password of your own mailbox.",
  });
  const problem = checkPasswordRules(parsed.data.password, mailbox.address);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  if (await verifyPassword(mailbox.passwordHash, parsed.data.password)) {
    throw new AppError("INVALID_INPUT", "The LDAP password must differ from the mail password.");
  }
  const ldapPasswordHash = await hashPassword(parsed.data.password);
  await db.$transaction(async (tx) => {
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { ldapPasswordHash } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.ldap-password.set", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address } });
  });
}

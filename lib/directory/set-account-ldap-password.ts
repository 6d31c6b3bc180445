import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { checkPasswordRules, hashPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const SetAccountLdapPasswordInput = z.object({
  accountId: z.string().min(1).max(64),
  password: z.string(),
});

/**
 * Sets the account-level LDAP bind password (cn=<account name>,ou=auth,…), which reads the
 * account's address books. Managers of the account and staff may. It belongs to no mailbox, so
 * there is no mail password to compare with; the usual rules apply, with the account's short name
 * standing in for the address.
 */
export async function setAccountLdapPassword(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetAccountLdapPasswordInput>): Promise<void> {
  const parsed = SetAccountLdapPasswordInput.safeParse(input);
  if (!parsed.success) throw invalidInput("LDAP password", parsed.error.issues);
  const account = await db.account.findUnique({ where: { id: parsed.data.accountId } });
  if (!account) throw new AppError("NOT_FOUND", "No such account.");
  assertAllowed(canManageAccount(input.actor, account.id), "Only a mailbox with full management access can set the account's LDAP password.");
  const problem = checkPasswordRules(parsed.data.password, account.name);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  const ldapPasswordHash = await hashPassword(parsed.data.password);
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: account.id }, data: { ldapPasswordHash } });
    await recordAuditEvent(tx, { actor: input.actor, action: "account.ldap-password.set", targetType: "account", targetId: account.id, clientIp: input.clientIp, details: { name: account.name } });
  });
}

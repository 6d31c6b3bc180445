import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const CreateAccountInput = z.object({
  // Appears in LDAP DNs (ou=<name>,ou=ab,...), so no characters that DNs would have to escape.
  name: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2-63 letters, digits or dashes"),
  displayName: z.string().trim().min(1).max(200),
});

/** Creates a customer account. Staff only. */
export async function createAccount(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateAccountInput>) {
  assertAllowed(canManagePlatform(input.actor), "Only provider staff can create accounts.");
  const parsed = CreateAccountInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Account", parsed.error.issues);
  const { name, displayName } = parsed.data;
  return db.$transaction(async (tx) => {
    if (await tx.account.findUnique({ where: { name } })) throw new AppError("CONFLICT", `An account named "${name}" already exists.`);
    const account = await tx.account.create({ data: { name, displayName } });
    await recordAuditEvent(tx, { actor: input.actor, action: "account.create", targetType: "account", targetId: account.id, clientIp: input.clientIp, details: { name } });
    return account;
  });
}

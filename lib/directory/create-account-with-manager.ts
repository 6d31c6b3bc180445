import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { checkPasswordRules, hashPassword } from "../auth/password.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { createDefaultFolders } from "../store/default-folders.ts";
import { CreateAccountInput } from "./create-account.ts";
import { tryParseAddress } from "./address.ts";

export const CreateAccountWithManagerInput = CreateAccountInput.extend({
  /** The first mailbox; its domain is created with the account. */
  managerAddress: z.string().trim().min(3).max(254),
  managerDisplayName: z.string().trim().max(200).default(""),
  password: z.string(),
  /** Development mode has no public DNS: the domain counts as verified at once (as in createDomain). */
  isDevelopment: z.boolean().default(false),
});

/**
 * Creates a customer account, the domain of its first mailbox, and that mailbox with
 * FULL_MANAGEMENT access and its default folders, all in one transaction: a taken name, domain or
 * address leaves nothing behind. Staff only. The domain receives mail once its ownership is proved
 * by DNS, except for the system actor and in development.
 */
export async function createAccountWithManager(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateAccountWithManagerInput>) {
  assertAllowed(canManagePlatform(input.actor), "Only provider staff can create accounts.");
  const parsed = CreateAccountWithManagerInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Account", parsed.error.issues);
  const { name, displayName, managerDisplayName, password, isDevelopment } = parsed.data;
  const manager = tryParseAddress(parsed.data.managerAddress);
  if (!manager) throw new AppError("INVALID_INPUT", `"${parsed.data.managerAddress.slice(0, 100)}" is not a valid email address.`);
  const passwordProblem = checkPasswordRules(password, manager.address);
  if (passwordProblem) throw new AppError("INVALID_INPUT", passwordProblem);
  // Hashed before the transaction: argon2 takes tens of milliseconds and must not hold a write lock.
  const passwordHash = await hashPassword(password);
  const isVerifiedAtOnce = input.actor.kind === "system" || isDevelopment;

  return db.$transaction(async (tx) => {
    if (await tx.account.findUnique({ where: { name } })) throw new AppError("CONFLICT", `An account named "${name}" already exists.`);
    if (await tx.domain.findUnique({ where: { name: manager.domain } })) throw new AppError("CONFLICT", `The domain ${manager.domain} is already in use.`);
    const account = await tx.account.create({ data: { name, displayName } });
    const domain = await tx.domain.create({ data: { name: manager.domain, accountId: account.id, verifiedAt: isVerifiedAtOnce ? new Date() : null } });
    const mailbox = await tx.mailbox.create({
      data: { localPart: manager.localPart, domainId: domain.id, accountId: account.id, displayName: managerDisplayName, passwordHash, accessLevel: "FULL_MANAGEMENT" },
    });
    await createDefaultFolders(tx, mailbox.id);
    const audit = { actor: input.actor, clientIp: input.clientIp };
    await recordAuditEvent(tx, { ...audit, action: "account.create", targetType: "account", targetId: account.id, details: { accountId: account.id, name } });
    await recordAuditEvent(tx, { ...audit, action: "domain.create", targetType: "domain", targetId: domain.id, details: { accountId: account.id, name: domain.name, isVerified: isVerifiedAtOnce } });
    await recordAuditEvent(tx, {
      ...audit,
      action: "mailbox.create",
      targetType: "mailbox",
      targetId: mailbox.id,
      details: { accountId: account.id, address: manager.address, accessLevel: "FULL_MANAGEMENT", role: null },
    });
    return { account, domain, mailbox: { id: mailbox.id, address: manager.address, accessLevel: mailbox.accessLevel } };
  });
}

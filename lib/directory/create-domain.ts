import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { normalizeDomain } from "./address.ts";

export const CreateDomainInput = z.object({
  accountId: z.string().min(1).max(100),
  name: z.string().trim().min(1, "enter a domain name").max(253),
  isDevelopment: z.boolean().default(false),
});

/**
 * Adds a domain to an account. Whoever manages the account may; the domain then receives no mail
 * until its ownership is proved by DNS (`verifyDomain`). The system actor (demo seed, tests,
 * scripts) and development mode, where no public DNS exists, create it verified.
 * Throws CONFLICT when the name is taken (by this account or another: a domain has one owner).
 */
export async function createDomain(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateDomainInput>) {
  const parsed = CreateDomainInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Domain", parsed.error.issues);
  const { accountId, isDevelopment } = parsed.data;
  assertAllowed(canManageAccount(input.actor, accountId), "Only a mailbox with full management access can add domains to this account.");
  const name = normalizeDomain(parsed.data.name);
  if (!name) throw new AppError("INVALID_INPUT", `"${parsed.data.name.slice(0, 100)}" is not a valid domain name.`);
  const isVerifiedAtOnce = input.actor.kind === "system" || isDevelopment;
  return db.$transaction(async (tx) => {
    if (!(await tx.account.findUnique({ where: { id: accountId } }))) throw new AppError("NOT_FOUND", "No such account.");
    const existing = await tx.domain.findUnique({ where: { name }, select: { accountId: true } });
    if (existing) {
      throw new AppError(
        "CONFLICT",
        existing.accountId === accountId ? `${name} is already a domain of this account.` : `${name} belongs to another account. Ask the provider if it should be moved to yours.`,
      );
    }
    const domain = await tx.domain.create({ data: { name, accountId, verifiedAt: isVerifiedAtOnce ? new Date() : null } });
    await recordAuditEvent(tx, { actor: input.actor, action: "domain.create", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name, isVerified: isVerifiedAtOnce } });
    return domain;
  });
}

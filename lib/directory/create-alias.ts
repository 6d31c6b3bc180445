import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { parseAddress } from "./address.ts";
import { findAliasTargets } from "./find-alias-targets.ts";

export const CreateAliasInput = z.object({
  address: z.string().min(3).max(254),
  targetMailboxIds: z.array(z.string().min(1).max(100)).max(1000),
});

/**
 * Creates an address in one of the account's domains that delivers to several of its mailboxes.
 * The local part must not be a mailbox's (a deleted one waiting for the purge included) or another
 * alias's; "+" is refused because the MX reads it as a subaddress (RFC 5233).
 */
export async function createAlias(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateAliasInput>) {
  const parsed = CreateAliasInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Alias", parsed.error.issues);
  const { localPart, domain: domainName, address } = parseAddress(parsed.data.address);
  if (localPart.includes("+")) throw new AppError("INVALID_INPUT", `An alias cannot contain "+": ${address} would be read as a subaddress.`);
  const domain = await db.domain.findUnique({ where: { name: domainName } });
  if (!domain) throw new AppError("NOT_FOUND", `${domainName} is not a domain of this service.`);
  assertAllowed(canManageAccount(input.actor, domain.accountId), "Only a mailbox with full management access can create aliases in this account.");

  return db.$transaction(async (tx) => {
    const key = { domainId_localPart: { domainId: domain.id, localPart } };
    if (await tx.mailbox.findUnique({ where: key, select: { id: true } })) throw new AppError("CONFLICT", `${address} is a mailbox.`);
    if (await tx.alias.findUnique({ where: key, select: { id: true } })) throw new AppError("CONFLICT", `The alias ${address} already exists.`);
    const targetIds = await findAliasTargets(tx, domain.accountId, parsed.data.targetMailboxIds);
    const alias = await tx.alias.create({ data: { domainId: domain.id, localPart, targets: { create: targetIds.map((mailboxId) => ({ mailboxId })) } } });
    await recordAuditEvent(tx, { actor: input.actor, action: "alias.create", targetType: "alias", targetId: alias.id, clientIp: input.clientIp, details: { address, targetMailboxIds: targetIds } });
    return alias;
  });
}

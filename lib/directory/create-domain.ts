import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { normalizeDomain } from "./address.ts";

/** Adds a domain to an account. Staff only until the Manager brings ownership proof by DNS. */
export async function createDomain(db: Db, input: { actor: Actor; clientIp?: string; accountId: string; name: string }) {
  assertAllowed(canManagePlatform(input.actor), "Only provider staff can add domains.");
  const name = normalizeDomain(input.name);
  if (!name) throw new AppError("INVALID_INPUT", `"${input.name.slice(0, 100)}" is not a valid domain name.`);
  return db.$transaction(async (tx) => {
    if (!(await tx.account.findUnique({ where: { id: input.accountId } }))) throw new AppError("NOT_FOUND", "No such account.");
    if (await tx.domain.findUnique({ where: { name } })) throw new AppError("CONFLICT", `The domain ${name} is already in use.`);
    const domain = await tx.domain.create({ data: { name, accountId: input.accountId } });
    await recordAuditEvent(tx, { actor: input.actor, action: "domain.create", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name } });
    return domain;
  });
}

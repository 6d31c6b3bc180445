import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedDomain } from "./find-managed-domain.ts";

export const SetCatchAllInput = z.object({
  domainId: z.string().min(1).max(100),
  /** null turns the catch-all off: mail to unknown local parts is refused (550 5.1.1). */
  mailboxId: z.string().min(1).max(100).nullable(),
});

/**
 * Sends mail for the domain's unknown local parts to one mailbox of the domain's account (any of
 * its domains), or stops doing so. Throws NOT_FOUND for a mailbox that is not the account's, so
 * another account's mailbox ids are not confirmed to exist.
 */
export async function setCatchAll(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetCatchAllInput>) {
  const parsed = SetCatchAllInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Catch-all", parsed.error.issues);
  const { domainId, mailboxId } = parsed.data;
  return db.$transaction(async (tx) => {
    const domain = await findManagedDomain(tx, input.actor, domainId);
    if (mailboxId) {
      const mailbox = await tx.mailbox.findFirst({ where: { id: mailboxId, accountId: domain.accountId, deletedAt: null }, select: { id: true } });
      if (!mailbox) throw new AppError("NOT_FOUND", "The catch-all must be a mailbox of this account.");
    }
    const updated = await tx.domain.update({ where: { id: domain.id }, data: { catchAllMailboxId: mailboxId } });
    await recordAuditEvent(tx, { actor: input.actor, action: "domain.catch-all.set", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name: domain.name, mailboxId } });
    return updated;
  });
}

import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canManageMailbox } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { tryParseAddress } from "../directory/address.ts";

/** An allow list is for a handful of correspondents, not a way around the MX's checks in bulk. */
export const MAX_ALLOWED_SENDERS_PER_MAILBOX = 1_000;

/**
 * "Allow this sender": the MX takes mail from `address` to the mailbox without consulting DNSBLs,
 * block lists or the spam score (DMARC and the protocol checks still apply), from the next RCPT
 * on. The mailbox itself or its account's managers; audited. Adding one already there is a no-op.
 */
export async function allowSender(db: Db, input: { actor: Principal; clientIp?: string; mailboxId: string; address: string }): Promise<{ address: string }> {
  const parsed = tryParseAddress(input.address.trim());
  if (!parsed) throw new AppError("INVALID_INPUT", `"${input.address.slice(0, 100)}" is not an email address that can be allowed.`);
  const address = parsed.address.toLowerCase();
  return db.$transaction(async (tx) => {
    const mailbox = await tx.mailbox.findUnique({ where: { id: input.mailboxId }, select: { id: true, accountId: true } });
    if (!mailbox) throw new AppError("NOT_FOUND", "No such mailbox.");
    assertAllowed(canManageMailbox(input.actor, mailbox), "You can change the allow list of your own mailbox only.");
    if (await tx.allowedSender.findUnique({ where: { mailboxId_address: { mailboxId: mailbox.id, address } }, select: { id: true } })) return { address };
    if ((await tx.allowedSender.count({ where: { mailboxId: mailbox.id } })) >= MAX_ALLOWED_SENDERS_PER_MAILBOX) {
      throw new AppError("CONFLICT", `A mailbox allows at most ${MAX_ALLOWED_SENDERS_PER_MAILBOX} senders.`);
    }
    const entry = await tx.allowedSender.create({ data: { mailboxId: mailbox.id, address } });
    await recordAuditEvent(tx, { actor: input.actor, action: "allowed-sender.add", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address, allowedSenderId: entry.id } });
    return { address };
  });
}

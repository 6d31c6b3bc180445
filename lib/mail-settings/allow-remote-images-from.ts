import type { Db } from "../db.ts";
import { AppError } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { tryParseAddress } from "../directory/address.ts";

/**
 * "Always show images from this sender": remote images in the actor's mail from this address load
 * without asking. Idempotent; audited. INVALID_INPUT for something that is not an address.
 */
export async function allowRemoteImagesFrom(db: Db, input: { actor: Principal; clientIp?: string; address: string }): Promise<void> {
  const mailboxId = input.actor.mailboxId;
  assertAllowed(canReadMail(input.actor, mailboxId), "Only the mailbox itself can change its settings.");
  const address = normalizeSender(input.address);
  await db.$transaction(async (tx) => {
    await tx.remoteImageSender.upsert({ where: { mailboxId_address: { mailboxId, address } }, create: { mailboxId, address }, update: {} });
    await recordAuditEvent(tx, { actor: input.actor, action: "mail-settings.remote-images.allow", targetType: "mailbox", targetId: mailboxId, clientIp: input.clientIp, details: { address } });
  });
}

/** The address as RemoteImageSender keeps it: trimmed, lower case. */
export function normalizeSender(address: string): string {
  const trimmed = address.trim().toLowerCase();
  if (trimmed.length > 320 || !tryParseAddress(trimmed)) throw new AppError("INVALID_INPUT", `Not an address: ${trimmed.slice(0, 100)}`);
  return trimmed;
}

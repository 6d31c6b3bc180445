import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

/** Removes a sender from the actor's "always show images" list (nothing happens when it is not there); audited. */
export async function stopRemoteImagesFrom(db: Db, input: { actor: Principal; clientIp?: string; address: string }): Promise<void> {
  const mailboxId = input.actor.mailboxId;
  assertAllowed(canReadMail(input.actor, mailboxId), "Only the mailbox itself can change its settings.");
  const address = input.address.trim().toLowerCase();
  await db.$transaction(async (tx) => {
    const removed = await tx.remoteImageSender.deleteMany({ where: { mailboxId, address } });
    if (removed.count === 0) return;
    await recordAuditEvent(tx, { actor: input.actor, action: "mail-settings.remote-images.stop", targetType: "mailbox", targetId: mailboxId, clientIp: input.clientIp, details: { address } });
  });
}

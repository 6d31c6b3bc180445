// Rows of the outbound queue in given states, for the staff views' tests (vitest and Playwright).
// Delivery itself is tested through the SMTP daemons (sending-fixtures.ts); these tests need a
// queue that already holds waiting, delivered and bounced recipients, with their replies.
import type { Db } from "../../lib/db.ts";

export type TestRecipient = {
  address: string;
  state?: "QUEUED" | "DELIVERED" | "BOUNCED" | "EXPIRED" | "DROPPED";
  attempts?: number;
  nextAttemptAt?: Date;
  lastError?: string;
  lastHost?: string;
  leaseUntil?: Date | null;
  leaseToken?: string | null;
  finishedAt?: Date | null;
};

/** A message body no view may show: tests look for it in what the views return. */
export const QUEUED_BODY_MARKER = "queued-body-that-staff-views-never-show";

/** Queues one message with these recipients (each in its own state) and returns their ids in order. */
export async function createQueuedMessage(
  db: Db,
  input: { recipients: TestRecipient[]; origin?: "SUBMISSION" | "WEBMAIL" | "FORWARD" | "NOTICE"; mailFrom?: string; senderMailboxId?: string; forwardMailboxId?: string; createdAt?: Date },
): Promise<{ messageId: string; recipientIds: string[] }> {
  const raw = Buffer.from(`From: <${input.mailFrom ?? "sender@example.test"}>\r\nSubject: queued\r\n\r\n${QUEUED_BODY_MARKER}\r\n`);
  const message = await db.outboundMessage.create({
    data: {
      origin: input.origin ?? "SUBMISSION",
      mailFrom: input.mailFrom ?? "sender@example.test",
      senderMailboxId: input.senderMailboxId ?? null,
      forwardMailboxId: input.forwardMailboxId ?? null,
      size: raw.length,
      content: new Uint8Array(raw),
      createdAt: input.createdAt ?? new Date(),
      recipients: { create: input.recipients.map((recipient) => ({ domain: recipient.address.slice(recipient.address.lastIndexOf("@") + 1).toLowerCase(), ...recipient })) },
    },
    select: { id: true, recipients: { select: { id: true, address: true } } },
  });
  // Addresses are unique within a message: the ids in the order the recipients were given.
  const idOf = new Map(message.recipients.map((recipient) => [recipient.address, recipient.id]));
  return { messageId: message.id, recipientIds: input.recipients.map((recipient) => idOf.get(recipient.address)!) };
}

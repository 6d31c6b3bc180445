import type { Db } from "../db.ts";
import { AppError } from "../errors.ts";
import { tryParseAddress } from "../directory/address.ts";
import { readFirstFieldValue } from "../mime/read-field-value.ts";
import { readHeaderBlock } from "../mime/read-header-block.ts";

export type OutboundOriginName = "SUBMISSION" | "WEBMAIL" | "FORWARD" | "NOTICE";

export type EnqueueInput = {
  origin: OutboundOriginName;
  /** The envelope sender at the destination; "" for the null reverse-path (a notice). */
  mailFrom: string;
  /** Remote recipients; local ones are delivered at once by the caller, never queued. */
  recipients: readonly string[];
  /** The bytes to send, DKIM-signed already when they are to be signed. */
  raw: Buffer;
  senderMailboxId?: string;
  forwardMailboxId?: string;
  spamScore?: number;
  now?: Date;
};

/**
 * Puts a message in the outbound queue: one row with its bytes and envelope sender, one per
 * recipient with its own state and retry schedule, in one transaction. When it returns the message
 * is durable (the submission server answers 250 only then) and due at once. Throws INVALID_INPUT
 * for a recipient that is not an address.
 */
export async function enqueueMessage(db: Db, input: EnqueueInput): Promise<{ id: string }> {
  const recipients = [...new Map(input.recipients.map(toRecipient).map((r) => [r.address.toLowerCase(), r])).values()];
  if (recipients.length === 0) throw new AppError("INVALID_INPUT", "A queued message needs at least one recipient.");
  const now = input.now ?? new Date();
  const message = await db.outboundMessage.create({
    data: {
      origin: input.origin,
      mailFrom: input.mailFrom,
      senderMailboxId: input.senderMailboxId ?? null,
      forwardMailboxId: input.forwardMailboxId ?? null,
      messageIdHeader: messageIdOf(input.raw),
      size: input.raw.length,
      content: new Uint8Array(input.raw),
      spamScore: input.spamScore ?? null,
      createdAt: now,
      recipients: { create: recipients.map((r) => ({ ...r, nextAttemptAt: now })) },
    },
    select: { id: true },
  });
  return message;
}

/** The address as given (a remote local part may be case-sensitive: RFC 5321 §2.4), its domain in IDNA lower case. */
function toRecipient(address: string): { address: string; domain: string } {
  const parsed = tryParseAddress(address);
  if (!parsed) throw new AppError("INVALID_INPUT", `Not an address: ${address.slice(0, 100)}`);
  const localPart = address.trim().slice(0, address.trim().lastIndexOf("@"));
  return { address: `${localPart}@${parsed.domain}`, domain: parsed.domain };
}

/** The Message-ID field without its angle brackets, to match feedback reports with; "" when absent. */
function messageIdOf(raw: Buffer): string {
  const value = readFirstFieldValue(raw, readHeaderBlock(raw, 0).fields, "message-id") ?? "";
  return value.trim().replace(/^<|>$/g, "").slice(0, 500);
}

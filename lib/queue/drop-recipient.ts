import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, isStaff } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const DropRecipientInput = z.object({ recipientId: z.string().trim().min(1).max(64) });

/**
 * Gives up on a waiting recipient: DROPPED, finished now, never tried again. The sender gets no
 * notice (staff drop what should not go out at all). Refused with CONFLICT while an attempt holds
 * the recipient's lease, since that attempt records its own outcome over the row when it ends, and
 * when it is no longer QUEUED; NOT_FOUND for no such recipient. Staff only; audited.
 */
export async function dropRecipient(db: Db, input: { actor: Actor; clientIp?: string; now?: Date } & z.input<typeof DropRecipientInput>): Promise<{ finishedAt: Date }> {
  assertAllowed(isStaff(input.actor), "Only provider staff can drop queued mail.");
  const parsed = DropRecipientInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Drop", parsed.error.issues);
  const id = parsed.data.recipientId;
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const recipient = await tx.outboundRecipient.findUnique({ where: { id }, select: { address: true, messageId: true, state: true, attempts: true, lastError: true, leaseUntil: true } });
    if (!recipient) throw new AppError("NOT_FOUND", "No such recipient in the queue.");
    if (recipient.state !== "QUEUED") throw new AppError("CONFLICT", `Only waiting mail can be dropped; this recipient is ${recipient.state.toLowerCase()}.`);
    if (recipient.leaseUntil !== null && recipient.leaseUntil >= now) throw new AppError("CONFLICT", "A delivery attempt to this recipient is under way; try again when it has ended.");
    // The conditions again: a runner that claimed the row since the read above keeps it.
    const { count } = await tx.outboundRecipient.updateMany({
      where: { id, state: "QUEUED", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { state: "DROPPED", finishedAt: now, leaseUntil: null, leaseToken: null },
    });
    if (count === 0) throw new AppError("CONFLICT", "A delivery attempt to this recipient started meanwhile; try again when it has ended.");
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "queue.recipient.drop",
      targetType: "outboundRecipient",
      targetId: id,
      clientIp: input.clientIp,
      details: { address: recipient.address, messageId: recipient.messageId, attempts: recipient.attempts, lastError: recipient.lastError.slice(0, 500) },
    });
    return { finishedAt: now };
  });
}

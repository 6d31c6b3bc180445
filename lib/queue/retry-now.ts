import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, isStaff } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const RetryNowInput = z.object({ recipientId: z.string().trim().min(1).max(64) });

/**
 * Makes a waiting recipient due at once, so the queue's next pass tries it instead of waiting out
 * its back-off. A lease that lapsed (its runner died mid-attempt) is cleared with it; a live lease
 * is left alone: that attempt is under way and records its own next try. NOT_FOUND for no such
 * recipient; CONFLICT when it is no longer QUEUED. Staff only; audited.
 */
export async function retryNow(db: Db, input: { actor: Actor; clientIp?: string; now?: Date } & z.input<typeof RetryNowInput>): Promise<{ nextAttemptAt: Date }> {
  assertAllowed(isStaff(input.actor), "Only provider staff can retry queued mail.");
  const parsed = RetryNowInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Retry", parsed.error.issues);
  const id = parsed.data.recipientId;
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const recipient = await tx.outboundRecipient.findUnique({ where: { id }, select: { address: true, messageId: true, state: true, nextAttemptAt: true } });
    if (!recipient) throw new AppError("NOT_FOUND", "No such recipient in the queue.");
    if (recipient.state !== "QUEUED") throw new AppError("CONFLICT", `Only waiting mail can be retried; this recipient is ${recipient.state.toLowerCase()}.`);
    // Each write repeats its condition, so a runner recording an outcome (or claiming the row)
    // between the read and the write is not overwritten.
    const { count } = await tx.outboundRecipient.updateMany({ where: { id, state: "QUEUED" }, data: { nextAttemptAt: now } });
    if (count === 0) throw new AppError("CONFLICT", "This recipient's delivery ended meanwhile.");
    await tx.outboundRecipient.updateMany({ where: { id, state: "QUEUED", leaseUntil: { lt: now } }, data: { leaseUntil: null, leaseToken: null } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "queue.recipient.retry",
      targetType: "outboundRecipient",
      targetId: id,
      clientIp: input.clientIp,
      details: { address: recipient.address, messageId: recipient.messageId, previousNextAttemptAt: recipient.nextAttemptAt.toISOString() },
    });
    return { nextAttemptAt: now };
  });
}

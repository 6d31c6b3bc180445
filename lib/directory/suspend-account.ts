import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const SuspendAccountInput = z.object({
  accountId: z.string().min(1).max(64),
  reason: z.string().trim().max(500).default(""),
});

/**
 * Suspends an account: from now on none of its mailboxes signs in over any protocol, and their open
 * web sessions end at their next request, for good (lib/auth/verify-login.ts, load-session-principal.ts). Its mail is
 * still accepted. Staff only; CONFLICT when it is suspended already.
 */
export async function suspendAccount(db: Db, input: { actor: Actor; clientIp?: string; now?: Date } & z.input<typeof SuspendAccountInput>) {
  assertAllowed(canManagePlatform(input.actor), "Only provider staff can suspend accounts.");
  const parsed = SuspendAccountInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Suspension", parsed.error.issues);
  const { accountId, reason } = parsed.data;
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: accountId } });
    if (!account) throw new AppError("NOT_FOUND", "No such account.");
    // Conditional, so that two staff members suspending at once record one suspension.
    const { count } = await tx.account.updateMany({ where: { id: accountId, suspendedAt: null }, data: { suspendedAt: now } });
    if (count === 0) throw new AppError("CONFLICT", `The account ${account.name} is suspended already.`);
    // Its web sessions end for good: resuming the account does not bring them back.
    await tx.mailbox.updateMany({ where: { accountId }, data: { sessionsValidFrom: now } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "account.suspend",
      targetType: "account",
      targetId: accountId,
      clientIp: input.clientIp,
      details: { accountId, name: account.name, ...(reason ? { reason } : {}) },
    });
    return { ...account, suspendedAt: now };
  });
}

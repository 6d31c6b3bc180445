import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const ResumeAccountInput = z.object({ accountId: z.string().min(1).max(64) });

/** Ends an account's suspension: its mailboxes sign in again. Staff only; CONFLICT when it is not suspended. */
export async function resumeAccount(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof ResumeAccountInput>) {
  assertAllowed(canManagePlatform(input.actor), "Only provider staff can resume suspended accounts.");
  const parsed = ResumeAccountInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Resumption", parsed.error.issues);
  const { accountId } = parsed.data;
  return db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: accountId } });
    if (!account) throw new AppError("NOT_FOUND", "No such account.");
    const { count } = await tx.account.updateMany({ where: { id: accountId, suspendedAt: { not: null } }, data: { suspendedAt: null } });
    if (count === 0) throw new AppError("CONFLICT", `The account ${account.name} is not suspended.`);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "account.resume",
      targetType: "account",
      targetId: accountId,
      clientIp: input.clientIp,
      details: { accountId, name: account.name, suspendedSince: account.suspendedAt?.toISOString() ?? null },
    });
    return { ...account, suspendedAt: null };
  });
}

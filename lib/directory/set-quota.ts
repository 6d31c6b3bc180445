import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

/** 1 PiB: far beyond any disk, and well inside both databases' BIGINT. */
const MAX_QUOTA_BYTES = 2n ** 50n;

export const SetQuotaInput = z.object({
  mailboxId: z.string().min(1).max(64),
  quotaBytes: z.bigint().nonnegative("must not be below zero").max(MAX_QUOTA_BYTES, "must be at most 1 PiB"),
});

/**
 * Sets a mailbox's quota in bytes: managers of its account and staff. A quota below the current
 * usage is allowed; the mailbox then refuses new mail until it is below again (ingest's charge).
 */
export async function setQuota(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetQuotaInput>): Promise<void> {
  const parsed = SetQuotaInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Quota", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, {
      actor: input.actor,
      mailboxId: parsed.data.mailboxId,
      isAllowed: (actor, m) => canManageAccount(actor, m.accountId),
      reason: "Only a mailbox with full management access can change quotas.",
    });
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { quotaBytes: parsed.data.quotaBytes } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "mailbox.quota.set",
      targetType: "mailbox",
      targetId: mailbox.id,
      clientIp: input.clientIp,
      details: { address: mailbox.address, from: mailbox.quotaBytes.toString(), to: parsed.data.quotaBytes.toString() },
    });
  });
}

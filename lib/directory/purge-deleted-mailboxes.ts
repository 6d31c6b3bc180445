import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { prismaSql } from "../sql.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";
import { removeMessageText } from "../db-full-text.ts";
import { releaseBlobs } from "../store/blob-references.ts";
import { lockMailbox } from "../store/lock-folder.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

export const DEFAULT_DELETION_GRACE_DAYS = 30;

export const PurgeDeletedMailboxesInput = z.object({
  graceDays: z.number().int().nonnegative().max(3650).default(DEFAULT_DELETION_GRACE_DAYS),
  now: z.date().optional(),
});

/**
 * Removes the mailboxes deleted longer ago than the grace period, with their folders, messages,
 * change feed, subscriptions, forwards and alias memberships. Blobs are released the way expunge
 * releases them (reference counts; collect-blobs.ts deletes the unreferenced ones later), never
 * deleted here. A scheduled job: staff or the system only. One short transaction per mailbox.
 */
export async function purgeDeletedMailboxes(db: Db, input: { actor: Actor } & z.input<typeof PurgeDeletedMailboxesInput>): Promise<{ purged: string[] }> {
  const parsed = PurgeDeletedMailboxesInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Purge", parsed.error.issues);
  assertAllowed(canManagePlatform(input.actor), "Only staff can purge deleted mailboxes.");
  const now = parsed.data.now ?? new Date();
  const cutoff = new Date(now.getTime() - parsed.data.graceDays * 86_400_000);
  const due = await db.mailbox.findMany({ where: { deletedAt: { lt: cutoff } }, include: { domain: true }, orderBy: { deletedAt: "asc" } });
  const provider = providerOf(db);
  const purged: string[] = [];
  for (const mailbox of due) {
    const wasPurged = await db.$transaction(async (tx) => {
      const sql = prismaSql(tx, provider);
      await lockMailbox(sql, mailbox.id);
      // Undone since we listed it: leave it alone.
      const current = await tx.mailbox.findUnique({ where: { id: mailbox.id }, select: { deletedAt: true } });
      if (!current?.deletedAt || current.deletedAt >= cutoff) return false;
      const messages = await tx.message.findMany({ where: { mailboxId: mailbox.id }, select: { id: true, blobHash: true, searchRowId: true } });
      await removeMessageText(sql, messages);
      await tx.message.deleteMany({ where: { mailboxId: mailbox.id } });
      await releaseBlobs(sql, messages.map((m) => m.blobHash));
      await tx.change.deleteMany({ where: { mailboxId: mailbox.id } });
      await tx.folder.deleteMany({ where: { mailboxId: mailbox.id } });
      await tx.subscription.deleteMany({ where: { mailboxId: mailbox.id } });
      await tx.forward.deleteMany({ where: { mailboxId: mailbox.id } });
      await tx.aliasTarget.deleteMany({ where: { mailboxId: mailbox.id } });
      await tx.domain.updateMany({ where: { catchAllMailboxId: mailbox.id }, data: { catchAllMailboxId: null } });
      await tx.mailbox.delete({ where: { id: mailbox.id } });
      await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.purge", targetType: "mailbox", targetId: mailbox.id, details: { address: mailboxAddress(mailbox), deletedAt: current.deletedAt.toISOString() } });
      return true;
    });
    if (wasPurged) purged.push(mailbox.id);
  }
  return { purged };
}

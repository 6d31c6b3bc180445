import { AppError } from "../errors.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed } from "../auth/permissions.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

/**
 * The mailbox a Mailboxes-page service is about to change, with its address, once the caller's
 * permission question (from lib/auth/permissions.ts) said yes. NOT_FOUND for an unknown id;
 * CONFLICT for a deleted mailbox unless `allowDeleted` (only undo takes one): a deleted mailbox is
 * frozen until it is restored or purged.
 */
export async function loadMailboxForManagement(
  db: DbClient,
  input: { actor: Actor; mailboxId: string; isAllowed: (actor: Actor, mailbox: { id: string; accountId: string }) => boolean; reason: string; allowDeleted?: boolean },
) {
  const mailbox = await db.mailbox.findUnique({ where: { id: input.mailboxId }, include: { domain: true } });
  if (!mailbox) throw new AppError("NOT_FOUND", "No such mailbox.");
  assertAllowed(input.isAllowed(input.actor, mailbox), input.reason);
  if (mailbox.deletedAt && !input.allowDeleted) throw new AppError("CONFLICT", `${mailboxAddress(mailbox)} is deleted: undo the deletion first.`);
  return { ...mailbox, address: mailboxAddress(mailbox) };
}

import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageMailbox } from "../auth/permissions.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

export type MailboxOverview = {
  id: string;
  address: string;
  displayName: string;
  accountName: string;
  accessLevel: "FULL_MANAGEMENT" | "SELF";
  role: "STAFF" | "ADMIN" | null;
  quotaBytes: number;
  usedBytes: number;
};

/** What the "My mailbox" page shows. Byte counts as numbers: 2^53 bytes is far beyond any quota. */
export async function getMailboxOverview(db: Db, input: { actor: Actor; mailboxId: string }): Promise<MailboxOverview> {
  const mailbox = await db.mailbox.findUnique({ where: { id: input.mailboxId }, include: { domain: true, account: true } });
  if (!mailbox) throw new AppError("NOT_FOUND", "No such mailbox.");
  assertAllowed(canManageMailbox(input.actor, mailbox), "You can only see your own mailbox.");
  return {
    id: mailbox.id,
    address: mailboxAddress(mailbox),
    displayName: mailbox.displayName,
    accountName: mailbox.account.displayName,
    accessLevel: mailbox.accessLevel,
    role: mailbox.role,
    quotaBytes: Number(mailbox.quotaBytes),
    usedBytes: Number(mailbox.usedBytes),
  };
}

import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError, invalidInput } from "../errors.ts";

export const GrantBookInput = z.object({
  bookId: z.string().min(1),
  mailboxId: z.string().min(1),
  /** null revokes the mailbox's access. */
  access: z.enum(["READ", "READ_WRITE"]).nullable(),
});

/**
 * Gives a mailbox of the same account READ or READ_WRITE access to a shared book, changes it, or
 * (access null) revokes it. The account's managers only; the account and personal books are not
 * granted (who reads them follows from the account and the owner).
 */
export async function grantBook(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof GrantBookInput>) {
  const parsed = GrantBookInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Grant", parsed.error.issues);
  const { bookId, mailboxId, access } = parsed.data;
  return db.$transaction(async (tx) => {
    const book = await tx.addressBook.findUnique({ where: { id: bookId } });
    if (!book) throw new AppError("NOT_FOUND", "No such address book.");
    assertAllowed(canManageAccount(input.actor, book.accountId), "Only a mailbox with full management access can share address books.");
    if (book.kind !== "SHARED") throw new AppError("INVALID_INPUT", "Only shared address books are granted to mailboxes.");
    const mailbox = await tx.mailbox.findUnique({ where: { id: mailboxId }, select: { accountId: true } });
    if (!mailbox || mailbox.accountId !== book.accountId) throw new AppError("NOT_FOUND", "No such mailbox in this account.");
    if (access === null) {
      await tx.addressBookGrant.deleteMany({ where: { bookId, mailboxId } });
    } else {
      await tx.addressBookGrant.upsert({ where: { bookId_mailboxId: { bookId, mailboxId } }, create: { bookId, mailboxId, access }, update: { access } });
    }
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: access === null ? "addressbook.revoke" : "addressbook.grant",
      targetType: "addressBook",
      targetId: bookId,
      clientIp: input.clientIp,
      details: { mailboxId, access },
    });
  });
}

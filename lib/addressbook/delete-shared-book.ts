import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError, invalidInput } from "../errors.ts";

export const DeleteSharedBookInput = z.object({ bookId: z.string().min(1) });

/**
 * Deletes a shared book with its contacts and grants, at once and for good (the front end asks
 * for a confirmation first). The account's managers only; the account and personal books live as
 * long as their account and mailbox (INVALID_INPUT).
 */
export async function deleteSharedBook(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof DeleteSharedBookInput>) {
  const parsed = DeleteSharedBookInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Address book", parsed.error.issues);
  const { bookId } = parsed.data;
  return db.$transaction(async (tx) => {
    const book = await tx.addressBook.findUnique({ where: { id: bookId } });
    if (!book) throw new AppError("NOT_FOUND", "No such address book.");
    assertAllowed(canManageAccount(input.actor, book.accountId), "Only a mailbox with full management access can delete shared address books.");
    if (book.kind !== "SHARED") throw new AppError("INVALID_INPUT", "Only shared address books can be deleted.");
    // Explicit rather than left to ON DELETE CASCADE, so the audit entry can say what went.
    const contacts = await tx.contact.deleteMany({ where: { bookId } });
    const grants = await tx.addressBookGrant.deleteMany({ where: { bookId } });
    await tx.addressBook.delete({ where: { id: bookId } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "addressbook.delete",
      targetType: "addressBook",
      targetId: bookId,
      clientIp: input.clientIp,
      details: { name: book.name, contacts: contacts.count, grants: grants.count },
    });
    return { contacts: contacts.count, grants: grants.count };
  });
}

import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError, invalidInput } from "../errors.ts";
import { ContactFields, toContactRow, type ContactFieldsInput } from "./contact-input.ts";
import { findBook } from "./find-book.ts";

/** Replaces every field of a contact in a book the actor may write (search text recomputed). */
export async function updateContact(db: Db, input: { actor: Actor; contactId: string; clientIp?: string; contact: ContactFieldsInput }) {
  const parsed = ContactFields.safeParse(input.contact);
  if (!parsed.success) throw invalidInput("Contact", parsed.error.issues);
  return db.$transaction(async (tx) => {
    const existing = await tx.contact.findUnique({ where: { id: input.contactId }, select: { bookId: true } });
    if (!existing) throw new AppError("NOT_FOUND", "No such contact.");
    await findBook(tx, { actor: input.actor, bookId: existing.bookId, access: "write" });
    const contact = await tx.contact.update({ where: { id: input.contactId }, data: toContactRow(parsed.data) });
    await recordAuditEvent(tx, { actor: input.actor, action: "contact.update", targetType: "contact", targetId: contact.id, clientIp: input.clientIp, details: { bookId: contact.bookId } });
    return contact;
  });
}

import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { invalidInput } from "../errors.ts";
import { ContactFields, toContactRow, type ContactFieldsInput } from "./contact-input.ts";
import { findBook } from "./find-book.ts";

/** Adds a contact to a book the actor may write. */
export async function createContact(db: Db, input: { actor: Actor; bookId: string; clientIp?: string; contact: ContactFieldsInput }) {
  const parsed = ContactFields.safeParse(input.contact);
  if (!parsed.success) throw invalidInput("Contact", parsed.error.issues);
  return db.$transaction(async (tx) => {
    const { book } = await findBook(tx, { actor: input.actor, bookId: input.bookId, access: "write" });
    const contact = await tx.contact.create({ data: { bookId: book.id, ...toContactRow(parsed.data) } });
    await recordAuditEvent(tx, { actor: input.actor, action: "contact.create", targetType: "contact", targetId: contact.id, clientIp: input.clientIp, details: { bookId: book.id } });
    return contact;
  });
}

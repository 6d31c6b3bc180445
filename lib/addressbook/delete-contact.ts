import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError } from "../errors.ts";
import { findBook } from "./find-book.ts";

/** Removes a contact from a book the actor may write. */
export async function deleteContact(db: Db, input: { actor: Actor; contactId: string; clientIp?: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.contact.findUnique({ where: { id: input.contactId }, select: { bookId: true, displayName: true } });
    if (!existing) throw new AppError("NOT_FOUND", "No such contact.");
    await findBook(tx, { actor: input.actor, bookId: existing.bookId, access: "write" });
    await tx.contact.delete({ where: { id: input.contactId } });
    await recordAuditEvent(tx, { actor: input.actor, action: "contact.delete", targetType: "contact", targetId: input.contactId, clientIp: input.clientIp, details: { bookId: existing.bookId, displayName: existing.displayName } });
  });
}

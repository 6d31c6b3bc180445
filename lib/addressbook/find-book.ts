import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canReadBook, canWriteBook } from "../auth/permissions.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import { AppError } from "../errors.ts";

/**
 * A book the actor may read (NOT_FOUND otherwise, so other accounts' book ids reveal nothing),
 * or, with `access: "write"`, may write (FORBIDDEN when it may only read).
 */
export async function findBook(db: DbClient, input: { actor: Actor; bookId: string; access: "read" | "write" }) {
  const book = await db.addressBook.findUnique({ where: { id: input.bookId } });
  if (!book) throw new AppError("NOT_FOUND", "No such address book.");
  const grant =
    book.kind === "SHARED" && input.actor.kind === "mailbox"
      ? ((await db.addressBookGrant.findUnique({ where: { bookId_mailboxId: { bookId: book.id, mailboxId: input.actor.mailboxId } } }))?.access ?? null)
      : null;
  if (!canReadBook(input.actor, book, grant)) throw new AppError("NOT_FOUND", "No such address book.");
  const canWrite = canWriteBook(input.actor, book, grant);
  if (input.access === "write") assertAllowed(canWrite, "You may read this address book but not change it.");
  return { book, canWrite };
}

import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canManageAccount, canReadBook, canWriteBook } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";
import { ensureAccountBook, ensurePersonalBook } from "./ensure-books.ts";

export type BookListing = { id: string; kind: "ACCOUNT" | "PERSONAL" | "SHARED"; name: string; ownerMailboxId: string | null; canWrite: boolean };

const KIND_ORDER = { ACCOUNT: 0, PERSONAL: 1, SHARED: 2 } as const;

/**
 * The books the actor may read in its account: the account book and its own personal book (both
 * created on demand), the shared books granted to it; an account manager sees all the account's
 * books. Each says whether the actor may write it. Staff name the account with `accountId`.
 */
export async function listBooks(db: Db, input: { actor: Actor; accountId?: string }): Promise<BookListing[]> {
  const { actor } = input;
  const accountId = input.accountId ?? (actor.kind === "mailbox" ? actor.accountId : undefined);
  if (!accountId) throw new AppError("INVALID_INPUT", "Which account's address books?");
  if (!canManageAccount(actor, accountId) && (actor.kind !== "mailbox" || actor.accountId !== accountId)) {
    throw new AppError("FORBIDDEN", "These are another account's address books.");
  }
  await ensureAccountBook(db, { actor, accountId });
  if (actor.kind === "mailbox" && actor.accountId === accountId) await ensurePersonalBook(db, { actor, mailboxId: actor.mailboxId });

  const books = canManageAccount(actor, accountId)
    ? await db.addressBook.findMany({ where: { accountId } })
    : await db.addressBook.findMany({
        where: {
          accountId,
          OR: [
            { kind: "ACCOUNT" },
            { kind: "PERSONAL", ownerMailboxId: actor.kind === "mailbox" ? actor.mailboxId : "" },
            { kind: "SHARED", grants: { some: { mailboxId: actor.kind === "mailbox" ? actor.mailboxId : "" } } },
          ],
        },
      });
  const grants =
    actor.kind === "mailbox"
      ? new Map((await db.addressBookGrant.findMany({ where: { mailboxId: actor.mailboxId, bookId: { in: books.map((b) => b.id) } } })).map((g) => [g.bookId, g.access]))
      : new Map<string, "READ" | "READ_WRITE">();
  return books
    .filter((book) => canReadBook(actor, book, grants.get(book.id) ?? null))
    .map((book) => ({ id: book.id, kind: book.kind, name: book.name, ownerMailboxId: book.ownerMailboxId, canWrite: canWriteBook(actor, book, grants.get(book.id) ?? null) }))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

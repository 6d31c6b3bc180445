import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { invalidInput } from "../errors.ts";
import { readContactLists } from "./contact-input.ts";
import { findBook } from "./find-book.ts";

export const ListContactsInput = z.object({
  bookId: z.string().min(1),
  search: z.string().trim().max(200).default(""),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** One page of a readable book's contacts, by display name; `search` matches names and addresses. */
export async function listContacts(db: Db, input: { actor: Actor } & z.input<typeof ListContactsInput>) {
  const parsed = ListContactsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Contact list", parsed.error.issues);
  const { bookId, search, page, pageSize } = parsed.data;
  const { book, canWrite } = await findBook(db, { actor: input.actor, bookId, access: "read" });
  // searchText is stored lower-case, so a lower-case needle matches on both databases (SQLite's
  // LIKE ignores ASCII case anyway, PostgreSQL's does not).
  const where = { bookId: book.id, ...(search ? { searchText: { contains: search.toLowerCase() } } : {}) };
  const [total, rows] = await Promise.all([
    db.contact.count({ where }),
    db.contact.findMany({ where, orderBy: [{ displayName: "asc" }, { familyName: "asc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return {
    book: { id: book.id, kind: book.kind, name: book.name, canWrite },
    total,
    page,
    pageSize,
    contacts: rows.map((row) => ({ ...row, ...readContactLists(row) })),
  };
}

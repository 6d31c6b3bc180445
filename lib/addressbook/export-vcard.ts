import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { readContactLists } from "./contact-input.ts";
import { findBook } from "./find-book.ts";
import { formatVcard } from "./vcard-format.ts";

/** A readable book as one .vcf file of vCard 4.0 cards, in display-name order. */
export async function exportVcard(db: Db, input: { actor: Actor; bookId: string }): Promise<string> {
  const { book } = await findBook(db, { actor: input.actor, bookId: input.bookId, access: "read" });
  const rows = await db.contact.findMany({ where: { bookId: book.id }, orderBy: [{ displayName: "asc" }, { id: "asc" }] });
  return rows.map((row) => formatVcard({ ...row, ...readContactLists(row) })).join("");
}

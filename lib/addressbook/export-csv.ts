import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { readContactLists } from "./contact-input.ts";
import { findBook } from "./find-book.ts";
import { formatCsv } from "./csv-format.ts";
import { THUNDERBIRD_COLUMNS, toThunderbirdRow } from "./thunderbird-csv.ts";

/** A readable book as CSV with Thunderbird's columns, in display-name order. */
export async function exportCsv(db: Db, input: { actor: Actor; bookId: string }): Promise<string> {
  const { book } = await findBook(db, { actor: input.actor, bookId: input.bookId, access: "read" });
  const rows = await db.contact.findMany({ where: { bookId: book.id }, orderBy: [{ displayName: "asc" }, { id: "asc" }] });
  return formatCsv([[...THUNDERBIRD_COLUMNS], ...rows.map((row) => toThunderbirdRow({ ...row, ...readContactLists(row) }))]);
}

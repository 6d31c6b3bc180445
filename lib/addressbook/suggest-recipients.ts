import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { listBooks } from "./list-books.ts";
import { readContactLists } from "./contact-input.ts";

export const MAX_SUGGESTIONS = 10;

export type RecipientSuggestion = { name: string; address: string; label: string };

/**
 * Address autocomplete for the compose form: contacts of every book the mailbox may read (its
 * personal book, the account book, shared books granted to it: lib/addressbook/list-books.ts)
 * whose name or any address starts a word with `prefix`, case-insensitively; up to 10, one per
 * address, labelled "Name <address>".
 */
export async function suggestRecipients(db: Db, input: { actor: Actor; prefix: string }): Promise<RecipientSuggestion[]> {
  const prefix = input.prefix.trim().toLowerCase();
  if (!prefix) return [];
  const books = await listBooks(db, { actor: input.actor });
  // searchText holds the lower-case names and addresses: a cheap first cut in the database.
  const rows = await db.contact.findMany({
    where: { bookId: { in: books.map((b) => b.id) }, searchText: { contains: prefix } },
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    take: 200,
  });
  const found = new Map<string, RecipientSuggestion>();
  for (const row of rows) {
    const name = row.displayName || [row.givenName, row.familyName].filter(Boolean).join(" ");
    const isNameMatch = startsAWord(name, prefix) || startsAWord(row.nickname, prefix);
    for (const email of readContactLists(row).emails) {
      const address = email.address.trim();
      if (!address || found.has(address.toLowerCase())) continue;
      if (!isNameMatch && !address.toLowerCase().startsWith(prefix)) continue;
      found.set(address.toLowerCase(), { name, address, label: name ? `${name} <${address}>` : address });
      if (found.size >= MAX_SUGGESTIONS) return [...found.values()];
    }
  }
  return [...found.values()];
}

function startsAWord(text: string, prefix: string): boolean {
  const lower = text.toLowerCase();
  return lower.startsWith(prefix) || lower.split(/[\s.,'"-]+/).some((word) => word.startsWith(prefix));
}

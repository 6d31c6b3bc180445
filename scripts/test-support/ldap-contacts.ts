// Synthetic contacts for the LDAP tests and benchmark: deterministic, so that our daemon and slapd
// hold the same entries, with names whose two- and three-letter prefixes match a handful each (as
// an autocomplete search does in a real book).
import { toContactRow, type ContactFieldsValue } from "../../lib/addressbook/contact-input.ts";
import { providerOf, type Db } from "../../lib/db.ts";
import { insertRows } from "../../lib/db-insert-rows.ts";
import { prismaSql } from "../../lib/sql.ts";

const FIRST = ["Anna", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mara", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoe"];
const SYLLABLES = ["ber", "cal", "dor", "fen", "gar", "hol", "kin", "lun", "mor", "nes", "pol", "ros", "sta", "tur", "vel", "wen"];

/** Contact number `i` of a generated book: unique family name, a work address and phone. */
export function syntheticContact(i: number, domain = "contacts.test"): ContactFieldsValue {
  const given = FIRST[i % FIRST.length]!;
  const family = `${SYLLABLES[Math.floor(i / FIRST.length) % SYLLABLES.length]!}${SYLLABLES[Math.floor(i / (FIRST.length * SYLLABLES.length)) % SYLLABLES.length]!}`.replace(/^./, (c) => c.toUpperCase()) + `-${i}`;
  return {
    displayName: `${given} ${family}`,
    givenName: given,
    familyName: family,
    nickname: "",
    emails: [{ type: "work", address: `${given.toLowerCase()}.${family.toLowerCase()}@${domain}` }],
    phones: [{ type: "work", number: `+49 30 ${String(100000 + i)}` }],
    addresses: [{ type: "work", street: `${i} Main Street`, locality: "Berlin", region: "", postalCode: String(10000 + (i % 90000)), country: "DE" }],
    organization: "Synthetic GmbH",
    department: "",
    title: "",
    url: "",
    birthday: "",
    notes: "",
    extraVcard: "",
  };
}

/** `count` generated contacts as rows for Contact.createMany in `bookId`. */
export function syntheticContactRows(bookId: string, count: number, domain?: string) {
  return Array.from({ length: count }, (_, i) => ({ bookId, ...toContactRow(syntheticContact(i, domain)) }));
}

const CONTACT_COLUMNS = (provider: "sqlite" | "postgres") => {
  // The JSON columns are jsonb on PostgreSQL and text on SQLite.
  const json = provider === "postgres" ? ({ enum: "jsonb" } as const) : ("text" as const);
  return [
    ["id", "text"], ["bookId", "text"], ["displayName", "text"], ["givenName", "text"], ["familyName", "text"], ["nickname", "text"],
    ["emails", json], ["phones", json], ["addresses", json], ["organization", "text"], ["department", "text"], ["title", "text"],
    ["url", "text"], ["birthday", "text"], ["notes", "text"], ["extraVcard", "text"], ["searchText", "text"], ["createdAt", "timestamp"], ["updatedAt", "timestamp"],
  ] as const;
};

/**
 * Inserts `count` generated contacts into a book in one statement (Prisma's createMany takes
 * seconds for 5,000 on SQLite). Ids are `<prefix>-<n>`, unique per book.
 */
export async function insertSyntheticContacts(db: Db, bookId: string, count: number, domain?: string): Promise<void> {
  const sql = prismaSql(db, providerOf(db));
  const now = new Date();
  const rows = syntheticContactRows(bookId, count, domain).map((row, i) => [
    `${bookId}-c${i}`, row.bookId, row.displayName, row.givenName, row.familyName, row.nickname,
    JSON.stringify(row.emails), JSON.stringify(row.phones), JSON.stringify(row.addresses), row.organization, row.department, row.title,
    row.url, row.birthday, row.notes, row.extraVcard, row.searchText, now, now,
  ]);
  await insertRows(sql, "Contact", CONTACT_COLUMNS(sql.provider), rows);
}

import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { canReadBook } from "../auth/permissions.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import type { LdapIdentity } from "../auth/verify-ldap-bind.ts";
import { readContactLists } from "./contact-input.ts";
import { ensureAccountBook, ensurePersonalBook } from "./ensure-books.ts";

/** A book as the LDAP directory places it: personal books by owner address, the others under the account. */
export type LdapBook = {
  id: string;
  kind: "ACCOUNT" | "PERSONAL" | "SHARED";
  name: string;
  accountName: string;
  /** The owner's address, for a PERSONAL book. */
  ownerAddress: string | null;
  createdAt: Date;
};

/**
 * The books an LDAP bind may read, nothing else:
 * - a mailbox: its personal book, its account's book and the shared books granted to it, each
 *   also passing canReadBook (lib/auth/permissions.ts). An account manager's power to read every
 *   book of the account stays with the Manager: a desktop client sees what the mailbox itself uses.
 *   Nothing when the mailbox has since been disabled, deleted or its account suspended.
 * - an account: the account book and its shared books (the account-level books), never a
 *   mailbox's personal book. There is no Actor for an account bind, so this rule lives here.
 * The personal and account books are created on first use, as listBooks does for webmail.
 */
export async function listLdapBooks(db: Db, identity: LdapIdentity): Promise<LdapBook[]> {
  if (identity.kind === "mailbox") {
    const principal = await loadPrincipal(db, identity.principal.mailboxId);
    if (!principal) return [];
    await ensureAccountBook(db, { actor: principal, accountId: principal.accountId });
    await ensurePersonalBook(db, { actor: principal, mailboxId: principal.mailboxId });
    const books = await db.addressBook.findMany({
      where: {
        accountId: principal.accountId,
        OR: [{ kind: "ACCOUNT" }, { kind: "PERSONAL", ownerMailboxId: principal.mailboxId }, { kind: "SHARED", grants: { some: { mailboxId: principal.mailboxId } } }],
      },
      include: { account: { select: { name: true } }, grants: { where: { mailboxId: principal.mailboxId } }, ownerMailbox: { select: { localPart: true, domain: { select: { name: true } } } } },
    });
    return books.filter((book) => canReadBook(principal, book, book.grants[0]?.access ?? null)).map(toLdapBook);
  }
  const account = await db.account.findUnique({ where: { id: identity.accountId }, select: { suspendedAt: true } });
  if (!account || account.suspendedAt) return [];
  // The account's own LDAP password was just verified: its book may come into existence for it.
  await ensureAccountBook(db, { actor: SYSTEM_ACTOR, accountId: identity.accountId });
  const books = await db.addressBook.findMany({
    where: { accountId: identity.accountId, kind: { in: ["ACCOUNT", "SHARED"] } },
    include: { account: { select: { name: true } }, ownerMailbox: { select: { localPart: true, domain: { select: { name: true } } } } },
  });
  return books.map(toLdapBook);
}

function toLdapBook(book: {
  id: string;
  kind: LdapBook["kind"];
  name: string;
  createdAt: Date;
  account: { name: string };
  ownerMailbox: { localPart: string; domain: { name: string } } | null;
}): LdapBook {
  return {
    id: book.id,
    kind: book.kind,
    name: book.name,
    accountName: book.account.name,
    ownerAddress: book.ownerMailbox ? `${book.ownerMailbox.localPart}@${book.ownerMailbox.domain.name}` : null,
    createdAt: book.createdAt,
  };
}

/** Every contact of one book, with its lists parsed, as the LDAP directory turns them into entries. */
export async function loadLdapContacts(db: Db, bookId: string) {
  const rows = await db.contact.findMany({ where: { bookId }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ ...row, ...readContactLists(row) }));
}

export type LdapContact = Awaited<ReturnType<typeof loadLdapContacts>>[number];

/**
 * A token that changes whenever anything was committed to the database, read on every LDAP
 * search so that a change in the Manager is served at once while unchanged books stay in memory.
 * SQLite: PRAGMA data_version of the process's read connection (it changes when another
 * connection commits; a few microseconds). PostgreSQL: the current WAL position (every commit
 * that changed data moves it).
 */
export async function readDirectoryVersion(db: Db): Promise<string> {
  const reader = readerFor(db);
  if (reader.provider === "sqlite") {
    const [row] = await reader.query<{ data_version: number | bigint }>("PRAGMA data_version");
    return String(row?.data_version);
  }
  const [row] = await reader.query<{ lsn: string }>("SELECT CAST(pg_current_wal_lsn() AS TEXT) AS lsn");
  return String(row?.lsn);
}

/**
 * What changes when a book's contacts change: their number (a deletion) and the latest update
 * (an addition or an edit). Read when the database changed since a book was loaded, so that
 * writes elsewhere (mail, logins) do not make the daemon reload unchanged books.
 */
export async function readBookFingerprint(db: Db, bookId: string): Promise<string> {
  const [row] = await readerFor(db).query<{ n: unknown; m: unknown }>(`SELECT COUNT(*) AS "n", MAX("updatedAt") AS "m" FROM "Contact" WHERE "bookId" = ?`, [bookId]);
  const latest = row?.m instanceof Date ? row.m.toISOString() : String(row?.m ?? "");
  return `${String(row?.n ?? 0)}:${latest}`;
}

import type { Db } from "../../lib/db.ts";
import type { LdapIdentity } from "../../lib/auth/verify-ldap-bind.ts";
import { listLdapBooks, loadLdapContacts, readBookFingerprint, readDirectoryVersion, type LdapBook } from "../../lib/addressbook/ldap-books.ts";
import { BookIndex } from "./book-index.ts";
import { contactAttributes } from "./contact-attributes.ts";
import { makeEntry, type DirectoryEntry } from "./directory-entry.ts";
import { booksDnOf, contactDnOf, normalizeOwnDn, sharedBookDnOf, topBookDnOf } from "./directory-names.ts";

/** A non-contact entry (the suffix, ou=ab, a book) and, for a book, its id. */
export type ContainerNode = { entry: DirectoryEntry; parent: string | null; bookId: string | null };

/** What one bind may see: its containers, and its books' contacts on demand. */
export type DirectoryView = {
  containers: Map<string, ContainerNode>;
  /** normalized parent DN → child containers. */
  children: Map<string, ContainerNode[]>;
  contactsOf(node: ContainerNode): Promise<BookContacts>;
};

export type BookContacts = { entries: DirectoryEntry[]; byDn: Map<string, DirectoryEntry>; index: BookIndex };

const MAX_LOADED_BOOKS = 2000;

type LoadedBook = { fingerprint: string; checkedAt: string; contacts: Promise<BookContacts> };

/**
 * The directory as each bind sees it, kept in memory while the database has not changed, so that
 * a change in the Manager shows in the next search and an unchanged book costs nothing: every
 * search first reads the database's change token (readDirectoryVersion, microseconds). A new
 * token rebuilds the binds' views (which books, under which DNs: one small query) and has each
 * loaded book compare its fingerprint (readBookFingerprint) once; only a changed book is loaded
 * again.
 */
export class DirectoryCache {
  private version = "";
  private views = new Map<string, Promise<DirectoryView>>();
  private books = new Map<string, LoadedBook>();

  constructor(
    private readonly db: Db,
    private readonly suffix: string,
  ) {}

  async viewFor(identity: LdapIdentity): Promise<DirectoryView> {
    const version = await readDirectoryVersion(this.db);
    if (version !== this.version) {
      this.version = version;
      this.views.clear();
      // Books no bind reads any more (deleted, or their readers gone) are dropped now and then.
      if (this.books.size > MAX_LOADED_BOOKS) this.books.clear();
    }
    const key = identity.kind === "mailbox" ? `m:${identity.principal.mailboxId}` : `a:${identity.accountId}`;
    let view = this.views.get(key);
    if (!view) {
      view = this.buildView(identity);
      this.views.set(key, view);
      // A failed load must not stay cached.
      view.catch(() => this.views.delete(key));
    }
    return view;
  }

  private async buildView(identity: LdapIdentity): Promise<DirectoryView> {
    const books = await listLdapBooks(this.db, identity);
    const containers = new Map<string, ContainerNode>();
    const children = new Map<string, ContainerNode[]>();
    const add = (node: ContainerNode) => {
      containers.set(node.entry.normalizedDn, node);
      if (node.parent !== null) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
    };
    const suffixLabel = /^dc=([^,]*)/i.exec(this.suffix)?.[1] ?? this.suffix;
    add({ entry: makeEntry(this.suffix, { objectClass: ["top", "dcObject", "organization"], dc: [suffixLabel], o: [this.suffix] }), parent: null, bookId: null });
    const booksDn = booksDnOf(this.suffix);
    add({ entry: makeEntry(booksDn, { objectClass: ["top", "organizationalUnit"], ou: ["ab"], description: ["Address books"] }), parent: normalizeOwnDn(this.suffix), bookId: null });

    for (const { book, dn, parentDn, rdnValue } of placeBooks(books, this.suffix)) {
      add({
        entry: makeEntry(dn, { objectClass: ["top", "organizationalUnit"], ou: [rdnValue], description: [book.name] }),
        parent: normalizeOwnDn(parentDn),
        bookId: book.id,
      });
    }
    return { containers, children, contactsOf: (node) => this.contactsOf(node) };
  }

  private async contactsOf(node: ContainerNode): Promise<BookContacts> {
    const bookId = node.bookId;
    if (!bookId) return { entries: [], byDn: new Map(), index: new BookIndex([]) };
    const key = `${bookId}|${node.entry.normalizedDn}`;
    const version = this.version;
    const loaded = this.books.get(key);
    if (loaded && loaded.checkedAt === version) return loaded.contacts;
    // The fingerprint is read before the contacts: a change in between shows as a new fingerprint next time.
    const fingerprint = await readBookFingerprint(this.db, bookId);
    const current = this.books.get(key);
    if (current && current.fingerprint === fingerprint) {
      current.checkedAt = version;
      return current.contacts;
    }
    const contacts = loadLdapContacts(this.db, bookId).then((rows) => {
      const entries = rows.map((contact) => makeEntry(contactDnOf(contact.id, node.entry.dn), contactAttributes(contact)));
      return { entries, byDn: new Map(entries.map((entry) => [entry.normalizedDn, entry])), index: new BookIndex(entries) };
    });
    this.books.set(key, { fingerprint, checkedAt: version, contacts });
    contacts.catch(() => this.books.delete(key));
    return contacts;
  }
}

export type PlacedBook = { book: LdapBook; dn: string; parentDn: string; rdnValue: string };

/**
 * Each book's DN: a personal book by its owner's address, the account book by the account's name,
 * each shared book by its name under the account book (a name that two visible shared books share
 * gets the book's id added to the later one, so that both stay reachable).
 */
export function placeBooks(books: readonly LdapBook[], suffix: string): PlacedBook[] {
  const placed: PlacedBook[] = [];
  const booksDn = booksDnOf(suffix);
  const ordered = [...books].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const accountBookDn = new Map<string, string>();
  for (const book of ordered) {
    if (book.kind === "PERSONAL") placed.push({ book, dn: topBookDnOf(book.ownerAddress!, suffix), parentDn: booksDn, rdnValue: book.ownerAddress! });
    if (book.kind === "ACCOUNT" && !accountBookDn.has(book.accountName)) {
      const dn = topBookDnOf(book.accountName, suffix);
      accountBookDn.set(book.accountName, dn);
      placed.push({ book, dn, parentDn: booksDn, rdnValue: book.accountName });
    }
  }
  const taken = new Set<string>();
  for (const book of ordered) {
    if (book.kind !== "SHARED") continue;
    const parent = accountBookDn.get(book.accountName) ?? topBookDnOf(book.accountName, suffix);
    const name = taken.has(book.name.toLowerCase()) ? `${book.name} (${book.id})` : book.name;
    taken.add(book.name.toLowerCase());
    placed.push({ book, dn: sharedBookDnOf(name, parent), parentDn: parent, rdnValue: name });
  }
  return placed;
}

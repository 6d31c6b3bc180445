import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/ui/pager";
import { forbidden, notFound } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb, type Db } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { listBooks, type BookListing } from "@/lib/addressbook/list-books";
import { listContacts } from "@/lib/addressbook/list-contacts";
import type { ContactFieldsValue } from "@/lib/addressbook/contact-input";
import { getDesktopClientSettings } from "@/lib/addressbook/desktop-client-settings";
import { listBookGrants } from "@/lib/addressbook/list-book-grants";
import { listMailboxChoices } from "@/lib/directory/list-mailbox-choices";
import { canManageAccount } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import { ContactForm } from "@/components/addressbook/contact-form";
import { ImportContactsForm } from "@/components/addressbook/import-contacts-form";
import { DeleteContactButton } from "@/components/addressbook/delete-contact-button";
import { DesktopClientSetup } from "@/components/addressbook/desktop-client-setup";
import { CreateSharedBookForm } from "@/components/addressbook/create-shared-book-form";
import { SharedBookSettings } from "@/components/addressbook/shared-book-settings";
import type { MailboxAccess } from "@/components/addressbook/book-access-panel";
import { AddressBooksSearchParams } from "./address-books-search-params.schema";

export const metadata: Metadata = { title: "Address books" };

/** Only the editable fields go to the client form. */
function contactFieldsOf(row: ContactFieldsValue): ContactFieldsValue {
  const { displayName, givenName, familyName, nickname, emails, phones, addresses, organization, department, title, url, birthday, notes, extraVcard } = row;
  return { displayName, givenName, familyName, nickname, emails, phones, addresses, organization, department, title, url, birthday, notes, extraVcard };
}

/** Each shared book with every live mailbox of the account and its access to the book. */
async function sharedBooksWithAccess(db: Db, actor: Principal, books: BookListing[]): Promise<{ book: BookListing; mailboxes: MailboxAccess[] }[]> {
  const mailboxes = await listMailboxChoices(db, { actor, accountId: actor.accountId });
  return Promise.all(
    books
      .filter((book) => book.kind === "SHARED")
      .map(async (book) => {
        const grants = new Map((await listBookGrants(db, { actor, bookId: book.id })).map((grant) => [grant.mailboxId, grant.access]));
        return { book, mailboxes: mailboxes.map((mailbox) => ({ mailboxId: mailbox.id, address: mailbox.address, access: grants.get(mailbox.id) ?? null })) };
      }),
  );
}

const KIND_LABELS = { ACCOUNT: "Account", PERSONAL: "Personal", SHARED: "Shared" };

export default async function AddressBooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const params = AddressBooksSearchParams.parse(await searchParams);
  const db = await getDb();
  const books = await listBooks(db, { actor });
  const selected = books.find((book) => book.id === params.book) ?? books.find((book) => book.kind === "PERSONAL" && book.ownerMailboxId === actor.mailboxId) ?? books[0];
  if (!selected) notFound();
  const result = await listContacts(db, { actor, bookId: selected.id, search: params.q, page: params.page }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const isManager = canManageAccount(actor, actor.accountId);
  const sharedBooks = isManager ? await sharedBooksWithAccess(db, actor, books) : [];
  const settings = await getDesktopClientSettings(db, { actor, mailboxId: actor.mailboxId, config: loadConfig() });
  const editing = params.edit === "new" ? "new" : result.contacts.find((contact) => contact.id === params.edit);
  const hrefWith = (change: Partial<typeof params>) => {
    const next = { ...params, book: selected.id, ...change };
    const query = new URLSearchParams({ book: next.book });
    if (next.q) query.set("q", next.q);
    if (next.page > 1) query.set("page", String(next.page));
    if (next.edit) query.set("edit", next.edit);
    return `/manager/address-books?${query.toString()}`;
  };

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Address books</h1>
      <nav aria-label="Address books">
        <ul className="flex flex-wrap gap-2" data-testid="book-list">
          {books.map((book) => (
            <li key={book.id}>
              <Link
                href={`/manager/address-books?book=${encodeURIComponent(book.id)}`}
                aria-current={book.id === selected.id ? "page" : undefined}
                className={`block rounded-md border px-3 py-1.5 text-sm ${book.id === selected.id ? "border-blue-700 bg-blue-50" : "border-slate-300 hover:bg-slate-50"}`}
              >
                {book.name} <span className="text-slate-500">· {KIND_LABELS[book.kind]}{book.canWrite ? "" : " · read only"}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section className="space-y-3">
        <div className="flex flex-wrap items-end gap-4">
          <form method="get" role="search" className="flex items-end gap-2">
            <input type="hidden" name="book" value={selected.id} />
            <label className="block">
              <span className="text-sm font-medium">Search names and addresses</span>
              <input name="q" defaultValue={params.q} className="mt-1 block rounded-md border border-slate-300 px-3 py-2" />
            </label>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50">Search</button>
          </form>
          <a href={`/manager/address-books/export?book=${encodeURIComponent(selected.id)}&format=vcf`} className="text-sm text-blue-700 underline">Export vCard</a>
          <a href={`/manager/address-books/export?book=${encodeURIComponent(selected.id)}&format=csv`} className="text-sm text-blue-700 underline">Export CSV</a>
          {selected.canWrite && (
            <Link href={hrefWith({ edit: "new" })} className="rounded-md bg-blue-700 px-3 py-2 text-sm text-white hover:bg-blue-800">Add contact</Link>
          )}
        </div>
        <p className="text-sm text-slate-600">
          {result.total} {result.total === 1 ? "contact" : "contacts"}
        </p>
        {/* relative: the visually hidden "Actions" heading is positioned absolutely; it must scroll with the table, not widen the page. */}
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="contacts-table">
            <thead className="border-b border-slate-300 text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th>Email</th>
                <th>Phone</th>
                <th>Organization</th>
                {selected.canWrite && <th className="sr-only">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {result.contacts.map((contact) => (
                <tr key={contact.id} className="border-b border-slate-100 align-top">
                  <td className="py-2">{contact.displayName || [contact.givenName, contact.familyName].filter(Boolean).join(" ") || "—"}</td>
                  <td>{contact.emails.map((email) => email.address).join(", ")}</td>
                  <td>{contact.phones[0]?.number ?? ""}</td>
                  <td>{contact.organization}</td>
                  {selected.canWrite && (
                    <td className="flex gap-2 py-2">
                      <Link href={hrefWith({ edit: contact.id })} className="text-blue-700 underline">Edit</Link>
                      <DeleteContactButton contactId={contact.id} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {result.total === 0 && (
            <p className="py-3 text-sm text-slate-600" data-testid="contacts-empty">
              {params.q ? `No contact matches “${params.q}”.` : selected.canWrite ? "No contacts yet: add one, or import a vCard or CSV file." : "No contacts yet."}
            </p>
          )}
        </div>
        <Pager page={params.page} pageSize={result.pageSize} total={result.total} noun="contacts" hrefFor={(page) => hrefWith({ page, edit: undefined })} />
      </section>

      {selected.canWrite && editing && (
        <section>
          <h2 className="mb-2 text-lg font-semibold">{editing === "new" ? "Add a contact" : "Edit contact"}</h2>
          {editing === "new" ? (
            <ContactForm key="new" bookId={selected.id} />
          ) : (
            <ContactForm key={editing.id} bookId={selected.id} contactId={editing.id} contact={contactFieldsOf(editing)} />
          )}
        </section>
      )}

      {selected.canWrite && (
        <section>
          <h2 className="mb-2 text-lg font-semibold">Import</h2>
          <p className="mb-2 text-sm text-slate-600">vCard 3.0 or 4.0, or a CSV file with Thunderbird&apos;s columns. If any contact in the file is broken, nothing is imported.</p>
          <ImportContactsForm bookId={selected.id} />
        </section>
      )}

      {isManager && (
        <section className="space-y-4" data-testid="shared-books">
          <h2 className="text-lg font-semibold">Shared books</h2>
          <p className="text-sm text-slate-600">More books of the account, for the mailboxes you choose. Every mailbox reads the account book; a shared book only the mailboxes granted it.</p>
          <CreateSharedBookForm />
          {sharedBooks.map(({ book, mailboxes }) => (
            <SharedBookSettings key={book.id} book={book} mailboxes={mailboxes} />
          ))}
        </section>
      )}

      <DesktopClientSetup settings={settings} />
    </div>
  );
}

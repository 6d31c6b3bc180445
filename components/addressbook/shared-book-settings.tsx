import { RenameSharedBookForm } from "./rename-shared-book-form";
import { DeleteSharedBookForm } from "./delete-shared-book-form";
import { BookAccessPanel, type MailboxAccess } from "./book-access-panel";

/** A manager's settings of one shared book: its name, who may use it, and deleting it. */
export function SharedBookSettings({ book, mailboxes }: { book: { id: string; name: string }; mailboxes: MailboxAccess[] }) {
  const headingId = `shared-book-${book.id}`;
  return (
    <section aria-labelledby={headingId} data-testid="shared-book-settings" className="space-y-4 rounded-md border border-slate-200 p-4">
      <h3 id={headingId} className="font-semibold break-words">{book.name}</h3>
      <RenameSharedBookForm bookId={book.id} name={book.name} />
      <BookAccessPanel bookId={book.id} mailboxes={mailboxes} />
      <DeleteSharedBookForm bookId={book.id} name={book.name} />
    </section>
  );
}

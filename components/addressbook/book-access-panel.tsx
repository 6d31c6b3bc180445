import { BookAccessForm, type BookAccessChoice } from "./book-access-form";

export type MailboxAccess = { mailboxId: string; address: string; access: BookAccessChoice };

/** "Who can use this book": every mailbox of the account with its access to the shared book. */
export function BookAccessPanel({ bookId, mailboxes }: { bookId: string; mailboxes: MailboxAccess[] }) {
  return (
    <div data-testid="book-access-panel">
      <h4 className="mb-1 text-sm font-semibold">Who can use this book</h4>
      <p className="mb-2 text-sm text-slate-600">Mailboxes with full management access can always read and write it.</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-500">
            <tr>
              <th className="py-2 pr-4">Mailbox</th>
              <th>Access</th>
            </tr>
          </thead>
          <tbody>
            {mailboxes.map((mailbox) => (
              <tr key={mailbox.mailboxId} data-testid="book-access-row" data-address={mailbox.address} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-4 break-words">
                  {/* On a narrow screen the address breaks after its @ rather than anywhere. */}
                  {mailbox.address.slice(0, mailbox.address.lastIndexOf("@") + 1)}
                  <wbr />
                  {mailbox.address.slice(mailbox.address.lastIndexOf("@") + 1)}
                </td>
                <td className="py-1">
                  <BookAccessForm bookId={bookId} mailboxId={mailbox.mailboxId} address={mailbox.address} access={mailbox.access} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

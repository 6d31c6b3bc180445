"use client";

import { setBookAccessAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm } from "./address-book-form";

export type BookAccessChoice = "READ" | "READ_WRITE" | null;

/** One mailbox's access to a shared book: No access, Read, or Read and write. */
export function BookAccessForm({ bookId, mailboxId, address, access }: { bookId: string; mailboxId: string; address: string; access: BookAccessChoice }) {
  return (
    <AddressBookForm action={setBookAccessAction} submitLabel="Save" className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="bookId" value={bookId} />
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <select name="access" aria-label={`Access for ${address}`} defaultValue={access ?? "NONE"} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
        <option value="NONE">No access</option>
        <option value="READ">Read</option>
        <option value="READ_WRITE">Read and write</option>
      </select>
    </AddressBookForm>
  );
}

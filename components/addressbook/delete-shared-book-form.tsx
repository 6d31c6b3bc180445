"use client";

import { deleteSharedBookAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm } from "./address-book-form";

/** Deletes a shared book and its contacts, once the box is ticked (the server checks it too). */
export function DeleteSharedBookForm({ bookId, name }: { bookId: string; name: string }) {
  return (
    <AddressBookForm action={deleteSharedBookAction} submitLabel="Delete book" isDanger testId="delete-shared-book-form" className="max-w-sm space-y-2">
      <input type="hidden" name="bookId" value={bookId} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
        <span>Yes, delete {name} and all its contacts</span>
      </label>
    </AddressBookForm>
  );
}

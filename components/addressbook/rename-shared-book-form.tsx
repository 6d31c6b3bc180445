"use client";

import { renameSharedBookAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm, INPUT_CLASS } from "./address-book-form";

export function RenameSharedBookForm({ bookId, name }: { bookId: string; name: string }) {
  return (
    <AddressBookForm action={renameSharedBookAction} submitLabel="Rename" testId="rename-shared-book-form" className="max-w-sm space-y-2">
      <input type="hidden" name="bookId" value={bookId} />
      <label className="block text-sm">
        <span className="font-medium">Name</span>
        <input name="name" required maxLength={100} defaultValue={name} className={INPUT_CLASS} />
      </label>
    </AddressBookForm>
  );
}

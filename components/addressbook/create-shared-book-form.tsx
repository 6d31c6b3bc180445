"use client";

import { createSharedBookAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm, INPUT_CLASS } from "./address-book-form";

/** Names a new shared book of the account; who may use it is set on the book afterwards. */
export function CreateSharedBookForm() {
  return (
    <AddressBookForm action={createSharedBookAction} submitLabel="Create book" testId="create-shared-book-form" className="max-w-sm space-y-2" resetsOnSuccess>
      <label className="block text-sm">
        <span className="font-medium">New shared book</span>
        <input name="name" required maxLength={100} className={INPUT_CLASS} />
      </label>
    </AddressBookForm>
  );
}

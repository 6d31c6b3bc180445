"use client";

import { deleteContactAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm } from "./address-book-form";

export function DeleteContactButton({ contactId }: { contactId: string }) {
  return (
    <AddressBookForm action={deleteContactAction} submitLabel="Delete" isDanger className="inline">
      <input type="hidden" name="contactId" value={contactId} />
    </AddressBookForm>
  );
}

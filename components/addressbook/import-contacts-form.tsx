"use client";

import { importContactsAction } from "@/app/(private)/manager/address-books/actions";
import { AddressBookForm } from "./address-book-form";

/** Upload a .vcf (vCard 3.0 or 4.0) or a Thunderbird .csv into the book. */
export function ImportContactsForm({ bookId }: { bookId: string }) {
  return (
    <AddressBookForm action={importContactsAction} submitLabel="Import" testId="import-form" className="space-y-2">
      <input type="hidden" name="bookId" value={bookId} />
      <label className="block text-sm">
        <span className="font-medium">Import a .vcf or .csv file</span>
        <input name="file" type="file" accept=".vcf,.vcard,.csv,text/vcard,text/csv" required className="mt-1 block text-sm" />
      </label>
    </AddressBookForm>
  );
}

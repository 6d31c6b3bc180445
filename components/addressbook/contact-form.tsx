"use client";

import { saveContactAction } from "@/app/(private)/manager/address-books/actions";
import type { ContactFieldsValue } from "@/lib/addressbook/contact-input";
import { AddressBookForm, INPUT_CLASS } from "./address-book-form";

const EMPTY: ContactFieldsValue = {
  displayName: "", givenName: "", familyName: "", nickname: "", emails: [], phones: [], addresses: [],
  organization: "", department: "", title: "", url: "", birthday: "", notes: "", extraVcard: "",
};

const TEXT_FIELDS = [
  ["displayName", "Display name"], ["givenName", "First name"], ["familyName", "Last name"], ["nickname", "Nickname"],
  ["organization", "Organization"], ["department", "Department"], ["title", "Job title"], ["url", "Web page"],
] as const;

function Field({ name, label, defaultValue, type = "text" }: { name: string; label: string; defaultValue: string; type?: string }) {
  return (
    <label className="block">
      <span className="text-sm font-medium">{label}</span>
      <input name={name} type={type} defaultValue={defaultValue} className={INPUT_CLASS} />
    </label>
  );
}

/** Add a contact (no `contactId`) or edit one; lists get one empty row more than they have. */
export function ContactForm({ bookId, contactId, contact = EMPTY }: { bookId: string; contactId?: string; contact?: ContactFieldsValue }) {
  const emails = [...contact.emails, { type: "other" as const, address: "" }];
  const phones = [...contact.phones, { type: "mobile" as const, number: "" }];
  const addresses = [...contact.addresses, { type: "home" as const, street: "", locality: "", region: "", postalCode: "", country: "" }];
  return (
    <AddressBookForm action={saveContactAction} submitLabel={contactId ? "Save contact" : "Add contact"} testId="contact-form" className="max-w-2xl space-y-3" resetsOnSuccess={!contactId}>
      <input type="hidden" name="bookId" value={bookId} />
      {contactId && <input type="hidden" name="contactId" value={contactId} />}
      {/* vCard properties this form does not show, kept as they are. */}
      <input type="hidden" name="extraVcard" value={contact.extraVcard} />
      <div className="grid gap-3 sm:grid-cols-2">
        {TEXT_FIELDS.map(([name, label]) => (
          <Field key={name} name={name} label={label} defaultValue={contact[name]} />
        ))}
        <Field name="birthday" label="Birthday (YYYY-MM-DD or --MM-DD)" defaultValue={contact.birthday} />
      </div>
      <TypedValues legend="Email addresses" name="email" valueField="address" inputType="email" noun="Email" types={EMAIL_TYPES} rows={emails.map((email) => ({ type: email.type, value: email.address }))} />
      <TypedValues legend="Phone numbers" name="phone" valueField="number" inputType="tel" noun="Phone" types={PHONE_TYPES} rows={phones.map((phone) => ({ type: phone.type, value: phone.number }))} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Postal addresses</legend>
        {addresses.map((address, index) => (
          <div key={index} className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-2">
            <select name={`address.${index}.type`} defaultValue={address.type} className="rounded-md border border-slate-300 px-2 py-2" aria-label="Address type">
              <option value="home">Home</option>
              <option value="work">Work</option>
              <option value="other">Other</option>
            </select>
            <label className="block sm:col-span-2">
              <span className="text-sm">Street</span>
              <textarea name={`address.${index}.street`} defaultValue={address.street} rows={2} className={INPUT_CLASS} />
            </label>
            <Field name={`address.${index}.locality`} label="City" defaultValue={address.locality} />
            <Field name={`address.${index}.region`} label="State or region" defaultValue={address.region} />
            <Field name={`address.${index}.postalCode`} label="Postal code" defaultValue={address.postalCode} />
            <Field name={`address.${index}.country`} label="Country" defaultValue={address.country} />
          </div>
        ))}
      </fieldset>
      <label className="block">
        <span className="text-sm font-medium">Notes</span>
        <textarea name="notes" defaultValue={contact.notes} rows={3} className={INPUT_CLASS} />
      </label>
    </AddressBookForm>
  );
}

const EMAIL_TYPES: [string, string][] = [["work", "Work"], ["home", "Home"], ["other", "Other"]];
const PHONE_TYPES: [string, string][] = [["work", "Work"], ["home", "Home"], ["mobile", "Mobile"], ["fax", "Fax"], ["other", "Other"]];

/** Several values of one kind (email addresses, phone numbers), each with its type, posted as
 *  `<name>.<index>.type` and `<name>.<index>.<valueField>`. */
function TypedValues({ legend, name, valueField, inputType, noun, types, rows }: {
  legend: string;
  name: string;
  valueField: string;
  inputType: "email" | "tel";
  /** What screen readers call the two controls: "<noun> type", and the value's own name. */
  noun: string;
  types: [string, string][];
  rows: { type: string; value: string }[];
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">{legend}</legend>
      {rows.map((row, index) => (
        <div key={index} className="flex gap-2">
          <select name={`${name}.${index}.type`} defaultValue={row.type} className="rounded-md border border-slate-300 px-2" aria-label={`${noun} type`}>
            {types.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <input name={`${name}.${index}.${valueField}`} type={inputType} defaultValue={row.value} className={INPUT_CLASS} aria-label={`${noun} ${valueField}`} />
        </div>
      ))}
    </fieldset>
  );
}

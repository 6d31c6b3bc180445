import { z } from "zod";
import { tryParseAddress } from "../directory/address.ts";

// The fields of a contact as every way in (the form, vCard and CSV imports) must give them. The
// JSON columns are checked here too, so what the database holds always parses with these schemas.

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`).default("");

export const ContactEmail = z.object({
  type: z.enum(["work", "home", "other"]).default("other"),
  address: z
    .string()
    .trim()
    .max(254, "at most 254 characters")
    .refine((address) => tryParseAddress(address) !== undefined, "not a valid email address"),
});

const PHONE_CHARACTERS = /^\+?[0-9 ()./-]*(( ?(x|ext\.?) ?)[0-9]+)?$/i;

export const ContactPhone = z.object({
  type: z.enum(["work", "home", "mobile", "fax", "other"]).default("other"),
  // Digits with the separators people write; an extension as "x123" or "ext. 123".
  number: z
    .string()
    .trim()
    .max(40, "at most 40 characters")
    .regex(PHONE_CHARACTERS, "only digits, spaces and + ( ) - . / allowed")
    // Asked only of numbers with the right characters, so a bad one gets one message.
    .refine((number) => !PHONE_CHARACTERS.test(number) || /[0-9]/.test(number), "must contain a digit"),
});

export const ContactPostalAddress = z
  .object({
    type: z.enum(["work", "home", "other"]).default("other"),
    street: text(300),
    locality: text(100),
    region: text(100),
    postalCode: text(20),
    country: text(100),
  })
  .refine((a) => Boolean(a.street || a.locality || a.region || a.postalCode || a.country), "an address needs at least one part");

export const ContactFields = z
  .object({
    displayName: text(200),
    givenName: text(100),
    familyName: text(100),
    nickname: text(100),
    emails: z.array(ContactEmail).max(20, "at most 20 email addresses").default([]),
    phones: z.array(ContactPhone).max(20, "at most 20 phone numbers").default([]),
    addresses: z.array(ContactPostalAddress).max(10, "at most 10 addresses").default([]),
    organization: text(200),
    department: text(200),
    title: text(200),
    url: text(500).refine((url) => url === "" || /^https?:\/\/[^\s]+$/i.test(url), "must start with http:// or https://"),
    // vCard 4.0 keeps a birthday without a year as --MM-DD.
    birthday: text(10).refine((day) => day === "" || isBirthday(day), "must be YYYY-MM-DD or --MM-DD"),
    notes: text(10_000),
    // Written back into exported cards line by line, so each line must be one property, and never
    // one that would end or restart the card.
    extraVcard: z
      .string()
      // Room for a small PHOTO in base64 (Apple and Google exports carry them).
      .max(65_536, "at most 65536 characters")
      .default("")
      .refine(
        (extra) => extra.split("\n").every((line) => line === "" || (/^([A-Za-z0-9-]+\.)?[A-Za-z0-9-]+[;:]/.test(line) && !/^(BEGIN|END|VERSION)[;:]/i.test(line))),
        "each line must be one vCard property other than BEGIN, END or VERSION",
      ),
  })
  .refine(
    (c) => Boolean(c.displayName || c.givenName || c.familyName || c.nickname || c.organization || c.emails.length > 0),
    { message: "a contact needs a name, an organization or an email address", path: ["displayName"] },
  );

export type ContactFieldsValue = z.output<typeof ContactFields>;
export type ContactFieldsInput = z.input<typeof ContactFields>;

function isBirthday(value: string): boolean {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const partial = /^--(\d{2})-(\d{2})$/.exec(value);
  const [month, day] = full ? [Number(full[2]), Number(full[3])] : partial ? [Number(partial[1]), Number(partial[2])] : [0, 0];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The lower-case names and addresses that search and autocomplete match against. */
export function buildSearchText(contact: Pick<ContactFieldsValue, "displayName" | "givenName" | "familyName" | "nickname" | "emails">): string {
  const parts = [contact.displayName, contact.givenName, contact.familyName, contact.nickname, ...contact.emails.map((e) => e.address)];
  return parts.filter(Boolean).join(" ").toLowerCase();
}

/** The columns a contact is written with. */
export function toContactRow(contact: ContactFieldsValue) {
  return { ...contact, searchText: buildSearchText(contact) };
}

/** A stored contact's JSON lists, read back through the schemas (rows written elsewhere are not trusted blindly). */
export function readContactLists(row: { emails: unknown; phones: unknown; addresses: unknown }) {
  return {
    emails: z.array(ContactEmail).catch([]).parse(row.emails),
    phones: z.array(ContactPhone).catch([]).parse(row.phones),
    addresses: z.array(ContactPostalAddress).catch([]).parse(row.addresses),
  };
}

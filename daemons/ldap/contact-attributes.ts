import type { LdapContact } from "../../lib/addressbook/ldap-books.ts";

export type AttributeMap = Record<string, string[]>;

export const CONTACT_OBJECT_CLASSES = ["top", "person", "organizationalPerson", "inetOrgPerson", "mozillaAbPersonAlpha"];

/**
 * A contact as an inetOrgPerson with the Mozilla (mozillaAbPersonAlpha) and Outlook attributes,
 * so that each field of the Manager's contact form lands in a field of Thunderbird's and
 * Outlook's cards: the attribute names are the ones their LDAP mappings read. Empty fields are
 * left out (an LDAP attribute has at least one value).
 */
export function contactAttributes(contact: Omit<LdapContact, "bookId" | "createdAt" | "extraVcard" | "searchText">): AttributeMap {
  const attributes: AttributeMap = {};
  const put = (name: string, ...values: (string | undefined)[]) => {
    const present = values.filter((value): value is string => Boolean(value && value.trim()));
    if (present.length > 0) attributes[name] = [...(attributes[name] ?? []), ...present];
  };
  const fullName = `${contact.givenName} ${contact.familyName}`.trim();
  const emails = contact.emails.map((email) => email.address);
  const commonName = contact.displayName || fullName || contact.nickname || contact.organization || emails[0] || contact.id;

  put("objectClass", ...CONTACT_OBJECT_CLASSES);
  put("uid", contact.id);
  put("cn", commonName);
  put("displayName", contact.displayName || commonName);
  put("givenName", contact.givenName);
  // person requires sn; clients show it as the last name, so the common name stands in.
  put("sn", contact.familyName || commonName);
  put("mozillaNickname", contact.nickname);
  put("mail", emails[0]);
  put("mozillaSecondEmail", emails[1]);
  // Outlook shows further addresses from otherMailbox.
  put("otherMailbox", ...emails.slice(2));

  const phones = (type: string) => contact.phones.filter((phone) => phone.type === type).map((phone) => phone.number);
  put("telephoneNumber", ...phones("work"), ...phones("other"));
  put("homePhone", ...phones("home"));
  put("mobile", ...phones("mobile"));
  put("facsimileTelephoneNumber", ...phones("fax"));

  put("o", contact.organization);
  put("ou", contact.department);
  put("title", contact.title);

  // The work address in the standard attributes (Thunderbird's Work*, Outlook's business
  // address); the home address in Mozilla's.
  const work = contact.addresses.find((a) => a.type === "work") ?? contact.addresses.find((a) => a.type !== "home");
  const home = contact.addresses.find((a) => a.type === "home");
  if (work) {
    put("street", work.street);
    put("l", work.locality);
    put("st", work.region);
    put("postalCode", work.postalCode);
    // c holds a two-letter code (ISO 3166); the country as written goes in co, which Outlook reads.
    if (/^[A-Za-z]{2}$/.test(work.country)) put("c", work.country.toUpperCase());
    put("co", work.country);
    put("postalAddress", [work.street, [work.postalCode, work.locality].filter(Boolean).join(" "), work.region, work.country].filter(Boolean).join("$"));
  }
  if (home) {
    put("mozillaHomeStreet", home.street);
    put("mozillaHomeLocalityName", home.locality);
    put("mozillaHomeState", home.region);
    put("mozillaHomePostalCode", home.postalCode);
    put("mozillaHomeCountryName", home.country);
  }

  put("labeledURI", contact.url);
  put("mozillaWorkUrl", contact.url);
  put("description", contact.notes);
  const birthday = /^(\d{4}|-)-?(\d{2})-(\d{2})$/.exec(contact.birthday);
  if (birthday) {
    if (birthday[1] !== "-") put("birthyear", birthday[1]);
    put("birthmonth", birthday[2]);
    put("birthday", birthday[3]);
  }
  return attributes;
}

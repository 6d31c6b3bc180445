import type { ContactFieldsInput, ContactFieldsValue } from "./contact-input.ts";
import type { CsvRecord } from "./csv-format.ts";
import type { ImportProblem } from "./vcard-format.ts";

// The columns of Thunderbird's address-book CSV export, in its order; the same header imports
// back into Thunderbird. Columns we do not model are written empty and ignored on import.
export const THUNDERBIRD_COLUMNS = [
  "First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email", "Screen Name",
  "Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number",
  "Home Address", "Home Address 2", "Home City", "Home State", "Home ZipCode", "Home Country",
  "Work Address", "Work Address 2", "Work City", "Work State", "Work ZipCode", "Work Country",
  "Job Title", "Department", "Organization", "Web Page 1", "Web Page 2",
  "Birth Year", "Birth Month", "Birth Day", "Custom 1", "Custom 2", "Custom 3", "Custom 4", "Notes",
] as const;

type Column = (typeof THUNDERBIRD_COLUMNS)[number];

/** A contact as one row under THUNDERBIRD_COLUMNS (only the first two addresses fit). */
export function toThunderbirdRow(contact: ContactFieldsValue): string[] {
  const phone = (type: ContactFieldsValue["phones"][number]["type"]) => contact.phones.find((p) => p.type === type)?.number ?? "";
  const address = (type: "home" | "work") => {
    const found = contact.addresses.find((a) => a.type === type);
    const [first = "", ...rest] = (found?.street ?? "").split("\n");
    return [first, rest.join(", "), found?.locality ?? "", found?.region ?? "", found?.postalCode ?? "", found?.country ?? ""];
  };
  const birthday = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(contact.birthday);
  const values: Partial<Record<Column, string>> = {
    "First Name": contact.givenName,
    "Last Name": contact.familyName,
    "Display Name": contact.displayName,
    Nickname: contact.nickname,
    "Primary Email": contact.emails[0]?.address ?? "",
    "Secondary Email": contact.emails[1]?.address ?? "",
    "Work Phone": phone("work"),
    "Home Phone": phone("home"),
    "Fax Number": phone("fax"),
    "Pager Number": phone("other"),
    "Mobile Number": phone("mobile"),
    "Job Title": contact.title,
    Department: contact.department,
    Organization: contact.organization,
    "Web Page 1": contact.url,
    "Birth Year": birthday && birthday[1] !== "-" ? birthday[1] : "",
    "Birth Month": birthday?.[2] ?? "",
    "Birth Day": birthday?.[3] ?? "",
    Notes: contact.notes,
  };
  const [homeStreet, homeStreet2, homeCity, homeState, homeZip, homeCountry] = address("home");
  const [workStreet, workStreet2, workCity, workState, workZip, workCountry] = address("work");
  Object.assign(values, {
    "Home Address": homeStreet, "Home Address 2": homeStreet2, "Home City": homeCity, "Home State": homeState, "Home ZipCode": homeZip, "Home Country": homeCountry,
    "Work Address": workStreet, "Work Address 2": workStreet2, "Work City": workCity, "Work State": workState, "Work ZipCode": workZip, "Work Country": workCountry,
  });
  return THUNDERBIRD_COLUMNS.map((column) => values[column] ?? "");
}

/**
 * Contacts from CSV records whose first record is a header naming Thunderbird's columns (in any
 * order, any case; unknown columns ignored). Rows with every field empty are skipped.
 */
export function fromThunderbirdRecords(records: CsvRecord[]): { entries: { line: number; contact: ContactFieldsInput }[]; problems: ImportProblem[] } {
  const [header, ...rows] = records;
  const known = new Map(THUNDERBIRD_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns = (header?.fields ?? []).map((name) => known.get(name.trim().toLowerCase()));
  if (!header || !columns.some(Boolean)) {
    return { entries: [], problems: [{ line: 1, message: `the first line must be a header with Thunderbird's column names (${THUNDERBIRD_COLUMNS.slice(0, 5).join(", ")}, …)` }] };
  }
  const entries: { line: number; contact: ContactFieldsInput }[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    if (row.fields.every((f) => f.trim() === "")) continue;
    if (row.fields.slice(columns.length).some((f) => f.trim() !== "")) {
      problems.push({ line: row.line, message: `more fields (${row.fields.length}) than the header has columns (${columns.length})` });
      continue;
    }
    const get = (column: Column) => {
      const index = columns.indexOf(column);
      return index < 0 ? "" : (row.fields[index] ?? "").trim();
    };
    const emails = [get("Primary Email"), get("Secondary Email")].filter(Boolean).map((address) => ({ address }));
    const phones = (
      [["work", "Work Phone"], ["home", "Home Phone"], ["fax", "Fax Number"], ["mobile", "Mobile Number"], ["other", "Pager Number"]] as const
    )
      .filter(([, column]) => get(column))
      .map(([type, column]) => ({ type, number: get(column) }));
    const addresses = (["Home", "Work"] as const)
      .map((prefix) => ({
        type: prefix === "Home" ? ("home" as const) : ("work" as const),
        street: [get(`${prefix} Address`), get(`${prefix} Address 2`)].filter(Boolean).join("\n"),
        locality: get(`${prefix} City`),
        region: get(`${prefix} State`),
        postalCode: get(`${prefix} ZipCode`),
        country: get(`${prefix} Country`),
      }))
      .filter((a) => a.street || a.locality || a.region || a.postalCode || a.country);
    entries.push({
      line: row.line,
      contact: {
        givenName: get("First Name"),
        familyName: get("Last Name"),
        displayName: get("Display Name"),
        nickname: get("Nickname"),
        emails,
        phones,
        addresses,
        title: get("Job Title"),
        department: get("Department"),
        organization: get("Organization"),
        url: get("Web Page 1"),
        birthday: readBirthday(get("Birth Year"), get("Birth Month"), get("Birth Day")),
        notes: get("Notes"),
      },
    });
  }
  return { entries, problems };
}

/** Year, month and day columns as YYYY-MM-DD or --MM-DD; anything else is passed on for validation to refuse. */
function readBirthday(year: string, month: string, day: string): string {
  if (!year && !month && !day) return "";
  const pad = (value: string) => (/^\d{1,2}$/.test(value) ? value.padStart(2, "0") : value);
  return year ? `${year}-${pad(month)}-${pad(day)}` : `--${pad(month)}-${pad(day)}`;
}

import { beforeAll, describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "./csv-format.ts";
import { THUNDERBIRD_COLUMNS } from "./thunderbird-csv.ts";
import { importCsv } from "./import-csv.ts";
import { exportCsv } from "./export-csv.ts";
import { createSharedBook } from "./create-shared-book.ts";
import { createContact } from "./create-contact.ts";
import { listContacts } from "./list-contacts.ts";
import type { Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let manager: Principal;
let bob: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  bob = await principalOf("bob@example.test");
});

async function freshBook() {
  const db = await testDb();
  return createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Csv") });
}

describe("parseCsv and formatCsv", () => {
  it("reads quotes, commas and line breaks inside fields, with the line each record starts on", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n\uFEFFplain,,end\n';
    expect(parseCsv(`\uFEFF${text}`).records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'say "hi"', "two\nlines"] },
      { line: 4, fields: ["\uFEFFplain", "", "end"] },
    ]);
    expect(parseCsv('a\n"open\nnever closed').unterminatedAt).toBe(2);
  });

  it("quotes only what needs it and reads back what it wrote", () => {
    const rows = [["plain", "with, comma", 'with "quote"', "with\r\nbreak", " padded", ""]];
    const text = formatCsv(rows);
    expect(text).toBe('plain,"with, comma","with ""quote""","with\r\nbreak"," padded",\r\n');
    expect(parseCsv(text).records.map((r) => r.fields)).toEqual(rows);
  });
});

describe("importCsv and exportCsv", () => {
  const header = "First Name,Last Name,Display Name,Primary Email,Mobile Number,Home Address,Home Address 2,Home City,Organization,Department,Birth Year,Birth Month,Birth Day,Notes,Custom 9";

  it("imports Thunderbird's columns, tricky fields included, and exports them back", async () => {
    const db = await testDb();
    const book = await freshBook();
    const text = [
      header,
      'Ann,Lee,"Lee, Ann",ann@lee.example,+1 555 0111,"12 ""Old"" Road",Flat 3,Leeds,"Acme, Ltd.",Sales,1990,4,7,"line one\nline two",ignored',
      "Ben,,,ben@ben.example,,,,,,,,12,24,,",
      "",
    ].join("\r\n");
    await expect(importCsv(db, { actor: manager, bookId: book.id, text })).resolves.toEqual({ imported: 2 });
    const { contacts } = await listContacts(db, { actor: manager, bookId: book.id });
    expect(contacts.find((c) => c.givenName === "Ann")).toMatchObject({
      displayName: "Lee, Ann",
      familyName: "Lee",
      emails: [{ type: "other", address: "ann@lee.example" }],
      phones: [{ type: "mobile", number: "+1 555 0111" }],
      addresses: [{ type: "home", street: '12 "Old" Road\nFlat 3', locality: "Leeds" }],
      organization: "Acme, Ltd.",
      department: "Sales",
      birthday: "1990-04-07",
      notes: "line one\nline two",
      searchText: "lee, ann ann lee ann@lee.example",
    });
    expect(contacts.find((c) => c.givenName === "Ben")).toMatchObject({ birthday: "--12-24" });

    const exported = await exportCsv(db, { actor: manager, bookId: book.id });
    const [head, ...rows] = parseCsv(exported).records.map((r) => r.fields);
    expect(head).toEqual([...THUNDERBIRD_COLUMNS]);
    const ann = rows.find((r) => r[0] === "Ann")!;
    const column = (name: (typeof THUNDERBIRD_COLUMNS)[number]) => ann[THUNDERBIRD_COLUMNS.indexOf(name)];
    expect([column("Display Name"), column("Home Address"), column("Home Address 2"), column("Organization"), column("Notes")]).toEqual([
      "Lee, Ann",
      '12 "Old" Road',
      "Flat 3",
      "Acme, Ltd.",
      "line one\nline two",
    ]);
    expect([column("Birth Year"), column("Birth Month"), column("Birth Day")]).toEqual(["1990", "04", "07"]);

    // What we export imports again unchanged.
    const copy = await freshBook();
    await importCsv(db, { actor: manager, bookId: copy.id, text: exported });
    const copied = (await listContacts(db, { actor: manager, bookId: copy.id })).contacts.find((c) => c.givenName === "Ann");
    expect(copied).toMatchObject({ addresses: [{ type: "home", street: '12 "Old" Road\nFlat 3', locality: "Leeds" }], notes: "line one\nline two", birthday: "1990-04-07" });
  });

  it("reports both broken rows with their lines and imports nothing", async () => {
    const db = await testDb();
    const book = await freshBook();
    const text = [
      header,
      "Good,One,,good1@ok.example,,,,,,,,,,,",
      'Bad,Email,,"not an address",,,,,,,,,,"a note\nover two lines",',
      "Good,Two,,good2@ok.example,,,,,,,,,,,",
      "Bad,Phone,,bad@ok.example,call me,,,,,,,,,,",
    ].join("\n");
    const failure = importCsv(db, { actor: manager, bookId: book.id, text });
    await expect(failure).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/^Nothing was imported\. line 3: emails\.0\.address: .*; line 6: phones\.0\.number: /),
      details: { problems: [expect.objectContaining({ line: 3 }), expect.objectContaining({ line: 6 })] },
    });
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(0);
  });

  it("refuses a file without a header, an unclosed quote, a reader, and files over the limits", async () => {
    const db = await testDb();
    const book = await freshBook();
    await expect(importCsv(db, { actor: manager, bookId: book.id, text: "Ann,ann@x.example\n" })).rejects.toMatchObject({
      details: { problems: [{ line: 1, message: expect.stringMatching(/header with Thunderbird's column names/) }] },
    });
    await expect(importCsv(db, { actor: manager, bookId: book.id, text: 'Display Name\nOk\n"Never closed\n' })).rejects.toMatchObject({
      details: { problems: [{ line: 3, message: "a quoted field is never closed" }] },
    });
    await createContact(db, { actor: manager, bookId: book.id, contact: { displayName: "Existing" } });
    await expect(importCsv(db, { actor: bob, bookId: book.id, text: "Display Name\nX\n" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportCsv(db, { actor: bob, bookId: book.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const many = ["Display Name", "A", "B", "C"].join("\n");
    await expect(importCsv(db, { actor: manager, bookId: book.id, text: many, limits: { maxBytes: 1000, maxContacts: 2 } })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(importCsv(db, { actor: manager, bookId: book.id, text: many, limits: { maxBytes: 10, maxContacts: 100 } })).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: expect.stringMatching(/at most 10 can be imported/),
    });
    await expect(importCsv(db, { actor: manager, bookId: book.id, text: many, limits: { maxBytes: 1000, maxContacts: 3 } })).resolves.toEqual({ imported: 3 });
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(4);
  });
});

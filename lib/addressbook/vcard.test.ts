import { beforeAll, describe, expect, it } from "vitest";
import { escapeText, foldLine, formatVcard, parseVcards, unescapeText, unfoldLines } from "./vcard-format.ts";
import { ContactFields } from "./contact-input.ts";
import { importVcard } from "./import-vcard.ts";
import { exportVcard } from "./export-vcard.ts";
import { createSharedBook } from "./create-shared-book.ts";
import { ensureAccountBook } from "./ensure-books.ts";
import { listContacts } from "./list-contacts.ts";
import type { Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let manager: Principal;
let alice: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  alice = await principalOf("alice@example.test");
});

const CARD_40 = [
  "BEGIN:VCARD",
  "VERSION:4.0",
  "PRODID:-//Other Client//EN",
  "FN:Dana Smith\\, PhD",
  "N:Smith;Dana;;;",
  "NICKNAME:Dee",
  "EMAIL;TYPE=work:dana@firm.example",
  'EMAIL;TYPE="home,pref";PREF=1:dana@home.example',
  "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-0100",
  "TEL;TYPE=fax:+1 555 0101",
  "TEL;VALUE=uri;TYPE=work:tel:+1-555-0102;ext=77",
  "ADR;TYPE=work:;;1 Main St\\nSuite 2;Springfield;IL;62701;USA",
  "ORG:Firm\\; Inc.;Research",
  "TITLE:Chief Scientist",
  "URL:https://firm.example/dana",
  "BDAY:19800415",
  "NOTE:Met at the conference\\nLikes tea\\, not coffee\\; really\\\\truly",
  "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
  "X-CUSTOM;X-PARAM=\"a:b;c\":kept as is\\, verbatim",
  "item1.X-ABLABEL:Favourite",
  "END:VCARD",
  "",
].join("\r\n");

describe("vCard text rules (RFC 6350 §3.2, §3.4)", () => {
  it("escapes and unescapes backslash, comma, semicolon and newline", () => {
    const text = "a\\b, c; d\ne";
    expect(escapeText(text)).toBe("a\\\\b\\, c\\; d\\ne");
    expect(unescapeText(escapeText(text))).toBe(text);
    expect(unescapeText("x\\Ny")).toBe("x\ny");
  });

  it("folds at 75 octets without splitting a UTF-8 character, and unfolds back", () => {
    const line = `NOTE:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(2);
    for (const piece of physical) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((piece) => piece.startsWith(" "))).toBe(true);
    expect(unfoldLines(folded)).toEqual([{ line: 1, text: line }]);
    expect(unfoldLines("A:b\n\tc\nD:e")).toEqual([{ line: 1, text: "A:bc" }, { line: 3, text: "D:e" }]);
  });
});

describe("parseVcards and formatVcard", () => {
  it("reads every modelled property, keeps unknown ones verbatim, and survives a round trip", () => {
    const { cards, problems } = parseVcards(CARD_40);
    expect(problems).toEqual([]);
    const contact = ContactFields.parse(cards[0]!.contact);
    expect(contact).toMatchObject({
      displayName: "Dana Smith, PhD",
      familyName: "Smith",
      givenName: "Dana",
      nickname: "Dee",
      emails: [{ type: "work", address: "dana@firm.example" }, { type: "home", address: "dana@home.example" }],
      phones: [{ type: "mobile", number: "+1-555-0100" }, { type: "fax", number: "+1 555 0101" }, { type: "work", number: "+1-555-0102 x77" }],
      addresses: [{ type: "work", street: "1 Main St\nSuite 2", locality: "Springfield", region: "IL", postalCode: "62701", country: "USA" }],
      organization: "Firm; Inc.",
      department: "Research",
      title: "Chief Scientist",
      url: "https://firm.example/dana",
      birthday: "1980-04-15",
      notes: "Met at the conference\nLikes tea, not coffee; really\\truly",
    });
    expect(contact.extraVcard.split("\n")).toEqual(["UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1", 'X-CUSTOM;X-PARAM="a:b;c":kept as is\\, verbatim', "item1.X-ABLABEL:Favourite"]);

    const exported = formatVcard(contact);
    expect(exported).toContain("\r\nX-CUSTOM;X-PARAM=\"a:b;c\":kept as is\\, verbatim\r\n");
    expect(exported).toContain("\r\nORG:Firm\\; Inc.;Research\r\n");
    expect(exported).toContain("\r\nTEL;TYPE=cell:+1-555-0100\r\n");
    expect(exported).toContain("\r\nBDAY:19800415\r\n");
    expect(exported).not.toContain("PRODID");
    const again = parseVcards(exported);
    expect(again.problems).toEqual([]);
    expect(ContactFields.parse(again.cards[0]!.contact)).toEqual(contact);
  });

  it("writes a birthday without a year as --MMDD and reads it back", () => {
    const contact = ContactFields.parse({ displayName: "No Year", birthday: "--12-24" });
    expect(formatVcard(contact)).toContain("\r\nBDAY:--1224\r\n");
    expect(parseVcards(formatVcard(contact)).cards[0]!.contact.birthday).toBe("--12-24");
  });

  it("accepts vCard 3.0 with bare and listed TYPE parameters and folded lines", () => {
    const card30 = [
      "BEGIN:VCARD",
      "VERSION:3.0",
      "N:Doe;John;Q.;Mr.;",
      "FN:John Doe",
      "EMAIL;TYPE=INTERNET,WORK:john@work.example",
      "TEL;WORK;VOICE:+1 555 0199",
      "TEL;TYPE=CELL:+1 555 0198",
      "NOTE:This note is long enough that the writer folded it over two",
      "  lines.",
      "BDAY:1975-06-01",
      "END:VCARD",
    ].join("\n");
    const { cards, problems } = parseVcards(card30);
    expect(problems).toEqual([]);
    expect(ContactFields.parse(cards[0]!.contact)).toMatchObject({
      familyName: "Doe",
      givenName: "John",
      emails: [{ type: "work", address: "john@work.example" }],
      phones: [{ type: "work", number: "+1 555 0199" }, { type: "mobile", number: "+1 555 0198" }],
      notes: "This note is long enough that the writer folded it over two lines.",
      birthday: "1975-06-01",
    });
  });

  it("reports structural problems with their lines", () => {
    const text = ["BEGIN:VCARD", "VERSION:2.1", "FN:Old", "END:VCARD", "FN:stray", "BEGIN:VCARD", "VERSION:4.0", "garbage line", "FN:Open"].join("\n");
    expect(parseVcards(text).problems).toEqual([
      { line: 1, message: "vCard version 2.1 is not supported (3.0 and 4.0 are)" },
      { line: 5, message: "property outside BEGIN:VCARD … END:VCARD" },
      { line: 8, message: "not a vCard property line (NAME:value)" },
      { line: 6, message: "card not closed with END:VCARD" },
    ]);
  });
});

describe("importVcard and exportVcard", () => {
  it("imports into a writable book and exports what was imported, unknown properties included", async () => {
    const db = await testDb();
    const book = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Vcf") });
    await expect(importVcard(db, { actor: manager, bookId: book.id, text: CARD_40 })).resolves.toEqual({ imported: 1 });
    const listed = await listContacts(db, { actor: manager, bookId: book.id, search: "dana@home" });
    expect(listed.contacts[0]).toMatchObject({ displayName: "Dana Smith, PhD", searchText: "dana smith, phd dana smith dee dana@firm.example dana@home.example" });
    const exported = await exportVcard(db, { actor: manager, bookId: book.id });
    expect(exported).toContain("\r\nitem1.X-ABLABEL:Favourite\r\n");
    expect(exported).toContain("\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n");
    expect(await db.auditEvent.count({ where: { targetId: book.id, action: "contact.import" } })).toBe(1);
  });

  it("imports nothing when one card is broken, naming the line of the bad property", async () => {
    const db = await testDb();
    const book = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Vcf") });
    const text = `${CARD_40}BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Broken\r\nEMAIL:not-an-address\r\nEND:VCARD\r\n`;
    await expect(importVcard(db, { actor: manager, bookId: book.id, text })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { problems: [{ line: 25, message: "emails.0.address: not a valid email address" }] },
    });
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(0);
  });

  it("refuses readers and files over the limits", async () => {
    const db = await testDb();
    const accountBook = await ensureAccountBook(db, { actor: alice, accountId: alice.accountId });
    await expect(importVcard(db, { actor: alice, bookId: accountBook.id, text: CARD_40 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const book = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Vcf") });
    await expect(importVcard(db, { actor: manager, bookId: book.id, text: CARD_40, limits: { maxBytes: 100, maxContacts: 10 } })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(importVcard(db, { actor: manager, bookId: book.id, text: CARD_40.repeat(3), limits: { maxBytes: 1_000_000, maxContacts: 2 } })).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: expect.stringMatching(/3 contacts; at most 2/),
    });
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(0);
  });
});

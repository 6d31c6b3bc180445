import { describe, expect, it } from "vitest";
import type { SearchCriterion } from "./command.ts";
import { parseDateText } from "./parse-dates.ts";
import { expectBad, expectCommand, parse, set } from "./parse-command-test-helpers.ts";

/** The criteria of `a SEARCH <criteria>`, or the failure. */
function criteriaOf(criteria: string) {
  const result = parse(`a SEARCH ${criteria}`);
  return result.ok && result.command.name === "SEARCH" ? result.command.criteria : result;
}

describe("SEARCH keys (RFC 3501 §6.4.4, RFC 9051 §6.4.4)", () => {
  it("reads every key without arguments", () => {
    const cases: [string, SearchCriterion][] = [
      ["ALL", { type: "all" }],
      ["ANSWERED", { type: "flag", flag: "\\Answered", isSet: true }],
      ["DELETED", { type: "flag", flag: "\\Deleted", isSet: true }],
      ["DRAFT", { type: "flag", flag: "\\Draft", isSet: true }],
      ["FLAGGED", { type: "flag", flag: "\\Flagged", isSet: true }],
      ["SEEN", { type: "flag", flag: "\\Seen", isSet: true }],
      ["UNANSWERED", { type: "flag", flag: "\\Answered", isSet: false }],
      ["UNDELETED", { type: "flag", flag: "\\Deleted", isSet: false }],
      ["UNDRAFT", { type: "flag", flag: "\\Draft", isSet: false }],
      ["UNFLAGGED", { type: "flag", flag: "\\Flagged", isSet: false }],
      ["UNSEEN", { type: "flag", flag: "\\Seen", isSet: false }],
      ["RECENT", { type: "recent", isSet: true }],
      ["OLD", { type: "recent", isSet: false }],
      ["NEW", { type: "new" }],
    ];
    for (const [text, criterion] of cases) {
      expect(criteriaOf(text), text).toEqual(criterion);
      expect(criteriaOf(text.toLowerCase()), text).toEqual(criterion);
    }
  });

  it("has no RECENT, NEW or OLD under IMAP4rev2 (RFC 9051 removed \\Recent)", () => {
    for (const key of ["RECENT", "NEW", "OLD", "NOT new"]) expectBad(`a SEARCH ${key}`, "Unknown search key", "a", { rev2: true });
    expectCommand("a SEARCH UNSEEN", { name: "SEARCH", isUid: false, charset: null, returns: null, criteria: { type: "flag", flag: "\\Seen", isSet: false } }, { rev2: true });
  });

  it("reads every key with arguments", () => {
    const cases: [string, SearchCriterion][] = [
      ["BCC joe", { type: "header", field: "bcc", value: "joe" }],
      ['CC "a b"', { type: "header", field: "cc", value: "a b" }],
      ["FROM Smith", { type: "header", field: "from", value: "Smith" }],
      ["TO {3}\r\nx y", { type: "header", field: "to", value: "x y" }],
      ['SUBJECT ""', { type: "header", field: "subject", value: "" }],
      ['HEADER Message-ID "<x@y>"', { type: "header", field: "message-id", value: "<x@y>" }],
      ["BODY text", { type: "text", where: "body", value: "text" }],
      ['TEXT "string not in mailbox"', { type: "text", where: "text", value: "string not in mailbox" }],
      ["KEYWORD $Forwarded", { type: "flag", flag: "$Forwarded", isSet: true }],
      ["UNKEYWORD Junk", { type: "flag", flag: "Junk", isSet: false }],
      ["BEFORE 1-Feb-1994", { type: "date", field: "internal", op: "before", day: "1994-02-01" }],
      ['ON "29-feb-2024"', { type: "date", field: "internal", op: "on", day: "2024-02-29" }],
      ["SINCE 01-JAN-2000", { type: "date", field: "internal", op: "since", day: "2000-01-01" }],
      ["SENTBEFORE 31-Dec-1999", { type: "date", field: "sent", op: "before", day: "1999-12-31" }],
      ["SENTON 5-Mar-2000", { type: "date", field: "sent", op: "on", day: "2000-03-05" }],
      ["SENTSINCE 5-Mar-2000", { type: "date", field: "sent", op: "since", day: "2000-03-05" }],
      ["LARGER 1024", { type: "size", op: "larger", bytes: 1024 }],
      ["SMALLER 0", { type: "size", op: "smaller", bytes: 0 }],
      ["UID 1:*", { type: "uid", set: set([1, "*"]) }],
      ["UID $", { type: "uid", set: { saved: true } }],
      ["2,4:7", { type: "seq", set: set(2, [4, 7]) }],
      ["$", { type: "seq", set: { saved: true } }],
      ["NOT SEEN", { type: "not", criterion: { type: "flag", flag: "\\Seen", isSet: true } }],
      ["OR SEEN 1:3", { type: "or", left: { type: "flag", flag: "\\Seen", isSet: true }, right: { type: "seq", set: set([1, 3]) } }],
    ];
    for (const [text, criterion] of cases) expect(criteriaOf(text), text).toEqual(criterion);
  });

  it("reads MODSEQ with and without its entry (RFC 7162 §3.1.5)", () => {
    expect(criteriaOf("MODSEQ 620162338")).toEqual({ type: "modseq", since: 620162338n });
    expect(criteriaOf('MODSEQ "/flags/\\\\draft" all 620162338')).toEqual({ type: "modseq", since: 620162338n });
    expect(criteriaOf("MODSEQ 0")).toEqual({ type: "modseq", since: 0n });
    expect(criteriaOf('MODSEQ "/flags/\\\\draft" other 5')).toEqual({ ok: false, tag: "a", message: "Invalid MODSEQ entry type" });
    expect(criteriaOf("MODSEQ 9223372036854775808")).toEqual({ ok: false, tag: "a", message: "MODSEQ value out of range" });
  });

  it("makes several top-level keys an AND, a single key that key, and nests lists, NOT and OR", () => {
    expectCommand('A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"', {
      name: "SEARCH",
      isUid: false,
      charset: null,
      returns: null,
      criteria: {
        type: "and",
        criteria: [
          { type: "flag", flag: "\\Flagged", isSet: true },
          { type: "date", field: "internal", op: "since", day: "1994-02-01" },
          { type: "not", criterion: { type: "header", field: "from", value: "Smith" } },
        ],
      },
    });
    expect(criteriaOf("(SEEN)")).toEqual({ type: "flag", flag: "\\Seen", isSet: true });
    expect(criteriaOf("OR (SEEN FLAGGED) NOT (DELETED)")).toEqual({
      type: "or",
      left: {
        type: "and",
        criteria: [
          { type: "flag", flag: "\\Seen", isSet: true },
          { type: "flag", flag: "\\Flagged", isSet: true },
        ],
      },
      right: { type: "not", criterion: { type: "flag", flag: "\\Deleted", isSet: true } },
    });
  });

  it("keeps the CHARSET name and reads ESEARCH / SEARCHRES return options (RFC 4731, RFC 5182)", () => {
    expectCommand("A284 UID SEARCH CHARSET UTF-8 TEXT {6}\r\nрус", {
      name: "SEARCH",
      isUid: true,
      charset: "UTF-8",
      returns: null,
      criteria: { type: "text", where: "text", value: "рус" },
    });
    expectCommand('a SEARCH charset "iso-8859-1" ALL', { name: "SEARCH", isUid: false, charset: "iso-8859-1", returns: null, criteria: { type: "all" } });
    expectCommand("A282 SEARCH RETURN (MIN COUNT) FLAGGED", {
      name: "SEARCH",
      isUid: false,
      charset: null,
      returns: ["MIN", "COUNT"],
      criteria: { type: "flag", flag: "\\Flagged", isSet: true },
    });
    expectCommand("a UID SEARCH return () CHARSET US-ASCII ALL", { name: "SEARCH", isUid: true, charset: "US-ASCII", returns: [], criteria: { type: "all" } });
    expectCommand("a SEARCH RETURN (save all max save) UNSEEN", {
      name: "SEARCH",
      isUid: false,
      charset: null,
      returns: ["SAVE", "ALL", "MAX"],
      criteria: { type: "flag", flag: "\\Seen", isSet: false },
    });
  });

  it("refuses malformed criteria with a specific message", () => {
    expectBad("a SEARCH", "Missing search criteria");
    expectBad("a SEARCH ", "Missing search key");
    expectBad("a SEARCH ALL ", "Missing search key");
    expectBad("a SEARCH FOO", "Unknown search key");
    expectBad("a SEARCH FROM", "Missing search string");
    expectBad("a SEARCH HEADER Subject", "Missing search string");
    expectBad("a SEARCH OR SEEN", "Missing second search key after OR");
    expectBad("a SEARCH NOT", "Missing search key after NOT");
    expectBad("a SEARCH ()", "Empty search key list");
    expectBad("a SEARCH (SEEN", "Unterminated search key list");
    expectBad("a SEARCH SEEN)", "Unexpected extra arguments");
    expectBad("a SEARCH KEYWORD \\Seen", "Invalid keyword");
    expectBad("a SEARCH LARGER x", "Invalid size");
    expectBad("a SEARCH LARGER 9007199254740992", "Size out of range");
    expectBad("a SEARCH UID 0", "Invalid UID set");
    expectBad("a SEARCH 1:3,0", "Invalid sequence set");
    expectBad("a SEARCH CHARSET", "Missing charset");
    expectBad("a SEARCH CHARSET UTF-8", "Missing search criteria");
    expectBad("a SEARCH RETURN (FOO) ALL", "Unknown search return option");
    expectBad("a SEARCH RETURN (MIN)", "Missing search criteria");
    expectBad("a SEARCH RETURN MIN ALL", "Invalid search return options");
  });

  it("validates dates: day within its month, known month, four-digit year", () => {
    for (const date of ["32-Jan-2024", "0-Jan-2024", "29-Feb-2023", "31-Apr-2024", "1-Foo-2024", "1-Jan-24", "1-Jan-20245", "1/Jan/2024", "001-Jan-2024", "1-January-2024"]) {
      expect(criteriaOf(`SINCE ${date}`), date).toEqual({ ok: false, tag: "a", message: "Invalid date" });
    }
    expect(parseDateText("29-Feb-2000")).toBe("2000-02-29");
    expect(parseDateText("29-Feb-1900")).toBeNull();
    expect(parseDateText("31-dec-0001")).toBe("0001-12-31");
  });

  it("refuses criteria nested past the depth limit rather than risking the stack", () => {
    expect(criteriaOf(`${"NOT ".repeat(60)}SEEN`)).toMatchObject({ type: "not" });
    expectBad(`a SEARCH ${"NOT ".repeat(5000)}SEEN`, "Search criteria nested too deeply");
    expectBad(`a SEARCH ${"(".repeat(5000)}SEEN${")".repeat(5000)}`, "Search criteria nested too deeply");
    expectBad(`a SEARCH ${"OR ".repeat(5000)}SEEN`, "Search criteria nested too deeply");
  });
});

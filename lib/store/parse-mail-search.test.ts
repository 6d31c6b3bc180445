import { describe, expect, it } from "vitest";
import { parseMailSearch } from "./parse-mail-search.ts";
import { isAppError } from "../errors.ts";

const options = { now: new Date("2026-11-29T12:00:00Z"), timeZone: "Europe/Berlin" };
const parse = (query: string) => parseMailSearch(query, options);

function refusal(query: string): string {
  try {
    parse(query);
  } catch (error) {
    if (isAppError(error, "INVALID_INPUT")) return error.message;
    throw error;
  }
  throw new Error(`"${query.slice(0, 40)}" was accepted`);
}

describe("parseMailSearch", () => {
  it("takes an empty box as every message", () => {
    expect(parse("   ")).toEqual({ key: { type: "all" } });
  });

  it("turns bare words and quoted phrases into full-text terms, ANDed", () => {
    expect(parse("invoice")).toEqual({ key: { type: "text", where: "text", value: "invoice" } });
    expect(parse('invoice "next week"').key).toEqual({
      type: "and",
      keys: [
        { type: "text", where: "text", value: "invoice" },
        { type: "text", where: "text", value: "next week" },
      ],
    });
  });

  it("maps the header operators, to: meaning To or Cc, with quoted values", () => {
    expect(parse("from:bob").key).toEqual({ type: "summary", field: "from", value: "bob" });
    expect(parse("cc:carol").key).toEqual({ type: "header", field: "cc", value: "carol" });
    expect(parse('subject:"quarterly report"').key).toEqual({ type: "summary", field: "subject", value: "quarterly report" });
    expect(parse("To:dave").key).toEqual({ type: "or", left: { type: "header", field: "to", value: "dave" }, right: { type: "header", field: "cc", value: "dave" } });
  });

  it("maps has:, is:, sizes and negation", () => {
    expect(parse("has:attachment").key).toEqual({ type: "hasAttachments" });
    expect(parse("is:unread").key).toEqual({ type: "flag", flag: "\\Seen", isSet: false });
    expect(parse("is:read").key).toEqual({ type: "flag", flag: "\\Seen", isSet: true });
    expect(parse("is:flagged").key).toEqual({ type: "flag", flag: "\\Flagged", isSet: true });
    expect(parse("is:answered").key).toEqual({ type: "flag", flag: "\\Answered", isSet: true });
    expect(parse("larger:10M").key).toEqual({ type: "size", op: "larger", bytes: 10 * 1024 * 1024 });
    expect(parse("smaller:500k").key).toEqual({ type: "size", op: "smaller", bytes: 500 * 1024 });
    expect(parse("-from:bob").key).toEqual({ type: "not", key: { type: "summary", field: "from", value: "bob" } });
    expect(parse('-"out of office"').key).toEqual({ type: "not", key: { type: "text", where: "text", value: "out of office" } });
  });

  it("takes dates as days in the user's zone: after: from that midnight, before: until it", () => {
    // midnight in Berlin (UTC+1 in November) is 23:00 UTC the day before
    expect(parse("after:2026-11-21").key).toEqual({ type: "receivedAt", op: "since", at: new Date("2026-11-20T23:00:00Z") });
    expect(parse("before:2026-07-01").key).toEqual({ type: "receivedAt", op: "before", at: new Date("2026-06-30T22:00:00Z") });
    expect(parseMailSearch("before:2026-07-01", { ...options, timeZone: "UTC" }).key).toEqual({ type: "receivedAt", op: "before", at: new Date("2026-07-01T00:00:00Z") });
  });

  it("takes in: as the folder to search, in:all as every folder", () => {
    expect(parse('in:Archive report')).toEqual({ key: { type: "text", where: "text", value: "report" }, folderName: "Archive" });
    expect(parse('in:"Work/Old projects"')).toEqual({ key: { type: "all" }, folderName: "Work/Old projects" });
    expect(parse("in:all is:unread")).toEqual({ key: { type: "flag", flag: "\\Seen", isSet: false }, isAllFolders: true });
  });

  it("joins terms with OR, tighter than the implied AND", () => {
    expect(parse("from:bob OR from:carol invoice").key).toEqual({
      type: "and",
      keys: [
        { type: "or", left: { type: "summary", field: "from", value: "bob" }, right: { type: "summary", field: "from", value: "carol" } },
        { type: "text", where: "text", value: "invoice" },
      ],
    });
    // lower-case "or" is a word
    expect(parse("this or that").key).toMatchObject({ type: "and", keys: [{}, { type: "text", value: "or" }, {}] });
  });

  it("keeps unknown prefixes as text", () => {
    expect(parse("re:lunch").key).toEqual({ type: "text", where: "text", value: "re:lunch" });
  });

  it("refuses bad operators and values, naming them", () => {
    expect(refusal("before:yesterday")).toMatch(/before: takes a date written YYYY-MM-DD, not "yesterday"/);
    expect(refusal("after:2026-02-30")).toMatch(/after:/);
    expect(refusal("is:bogus")).toMatch(/is: takes unread, read, flagged or answered, not "bogus"/);
    expect(refusal("has:pdf")).toMatch(/has: takes "attachment"/);
    expect(refusal("larger:huge")).toMatch(/larger: takes a size/);
    expect(refusal("from:")).toMatch(/from: needs something/);
    expect(refusal('subject:"quarterly report')).toMatch(/quote opened at character 9 is never closed/);
    expect(refusal("OR from:bob")).toMatch(/OR needs a search term on each side/);
    expect(refusal("from:bob OR")).toMatch(/OR needs a search term on each side/);
    expect(refusal("in:Archive in:Sent")).toMatch(/only once/);
    expect(refusal("-in:Trash")).toMatch(/cannot be negated/);
  });

  it("refuses a 10,000-character query and one with too many terms", () => {
    expect(refusal("a".repeat(10_000))).toMatch(/too long/);
    expect(refusal(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toMatch(/too many terms/);
  });
});

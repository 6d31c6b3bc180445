import { describe, expect, it } from "vitest";
import { parseDateText, parseDateTime } from "./parse-dates.ts";

describe("parseDateTime (APPEND date-time, RFC 9051 §9)", () => {
  it("reads the fixed-width day with a space or two digits, and applies the zone", () => {
    expect(parseDateTime(" 7-Feb-1994 21:52:25 -0800")).toEqual(new Date("1994-02-08T05:52:25Z"));
    expect(parseDateTime("17-jul-1996 02:44:25 +0230")).toEqual(new Date("1996-07-17T00:14:25Z"));
    expect(parseDateTime("7-Feb-1994 21:52:25 +0000")).toEqual(new Date("1994-02-07T21:52:25Z"));
  });

  it("keeps two-digit years as written and lets a leap second land on the next minute", () => {
    expect(parseDateTime("01-Jan-0050 00:00:00 +0000")?.getUTCFullYear()).toBe(50);
    expect(parseDateTime("31-Dec-1998 23:59:60 +0000")).toEqual(new Date("1999-01-01T00:00:00Z"));
  });

  it("refuses impossible or misshapen values", () => {
    for (const text of ["30-Feb-2024 00:00:00 +0000", "01-Jan-2024 24:00:00 +0000", "01-Jan-2024 00:60:00 +0000", "01-Jan-2024 00:00:61 +0000", "01-Jan-2024 00:00:00 +0160", "01-Jan-2024 00:00:00 0000", "01-Jan-2024 00:00 +0000", "01-Jan-2024  00:00:00 +0000", "  1-Jan-2024 00:00:00 +0000"]) {
      expect(parseDateTime(text), text).toBeNull();
    }
  });
});

describe("parseDateText (SEARCH date)", () => {
  it("turns d-Mon-yyyy into YYYY-MM-DD", () => {
    expect(parseDateText("1-Feb-1994")).toBe("1994-02-01");
    expect(parseDateText("09-SEP-2009")).toBe("2009-09-09");
  });
});

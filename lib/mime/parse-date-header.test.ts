import { describe, expect, it } from "vitest";
import { parseDateHeader } from "./parse-date-header.ts";

describe("parseDateHeader", () => {
  it("reads RFC 5322 dates and their obsolete forms (§4.3)", () => {
    expect(parseDateHeader("Thu, 22 Aug 2002 12:34:53 +0100")).toBe("2002-08-22T11:34:53.000Z");
    expect(parseDateHeader("Thu, 22 Aug 2002 07:34:07 -0400 (EDT)")).toBe("2002-08-22T11:34:07.000Z");
    expect(parseDateHeader("22 Aug 02 12:34 EDT")).toBe("2002-08-22T16:34:00.000Z");
    expect(parseDateHeader("Mon, 1 Jan 99 00:00:00 GMT")).toBe("1999-01-01T00:00:00.000Z");
    expect(parseDateHeader("Tue, 31 Dec 2024 23:59:60 +0000")).toBe("2024-12-31T23:59:59.000Z");
    expect(parseDateHeader("Wed, 5 June 2002 10:00:00 Z")).toBe("2002-06-05T10:00:00.000Z");
    expect(parseDateHeader("2002-08-22T12:00:00Z")).toBe("2002-08-22T12:00:00.000Z");
  });

  it("returns null for what does not name a date", () => {
    for (const value of [null, "", "not a date", "31 Feb 2002 10:00:00 +0000", "22 Aug 2002 25:00:00 +0000", "1 Foo 2002 10:00 +0000"]) {
      expect(parseDateHeader(value), String(value)).toBeNull();
    }
  });
});

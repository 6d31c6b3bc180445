import { describe, expect, it } from "vitest";
import { parseDateHeader, readDateHeaderDay } from "./parse-date-header.ts";

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

  it("reads the day a date is written on, in its own zone, for SENTON and friends (RFC 9051 §6.4.4)", () => {
    // the instant is on the 22nd in UTC; the sender's day was the 21st
    expect(readDateHeaderDay("Wed, 21 Aug 2002 20:31:57 -1600")).toBe("2002-08-21");
    expect(parseDateHeader("Wed, 21 Aug 2002 20:31:57 -1600")).toBe("2002-08-22T12:31:57.000Z");
    expect(readDateHeaderDay("Tue, 9 Jul 2002 18:53:01 -0700 (PDT)")).toBe("2002-07-09");
    expect(readDateHeaderDay("Thu, 22 Aug 2002 00:30:00 +0200")).toBe("2002-08-22");
    expect(readDateHeaderDay("22 Aug 02 23:59 EDT")).toBe("2002-08-22");
    expect(readDateHeaderDay("Mon, 28 Jul 1980 14:01:35")).toBe("1980-07-28");
    // JavaScript's parser keeps no zone: the UTC day
    expect(readDateHeaderDay("2002-08-22T23:00:00-05:00")).toBe("2002-08-23");
    for (const value of [null, "", "not a date", "31 Feb 2002 10:00:00 +0000", "Thu, 22 Aug 0102 12:07:35 +0800"]) {
      expect(readDateHeaderDay(value), String(value)).toBeNull();
    }
  });
});

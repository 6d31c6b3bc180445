import { describe, expect, it } from "vitest";
import { extractBaseSubject, parseMessageIds } from "./base-subject.ts";

describe("extractBaseSubject", () => {
  it("removes reply and forward markers, list tags and trailers (RFC 5256 §2.1)", () => {
    const cases: [string, string][] = [
      ["Re: lunch", "lunch"],
      ["RE: Re: re:lunch", "lunch"],
      ["Fwd: lunch", "lunch"],
      ["Fw: lunch", "lunch"],
      ["Re [list]: lunch", "lunch"],
      ["[list] Re: lunch", "lunch"],
      ["[list] [other] lunch", "lunch"],
      ["Re: [list] Fwd: lunch (fwd)", "lunch"],
      ["lunch (fwd) (FWD)  ", "lunch"],
      ["[Fwd: Re: lunch]", "lunch"],
      ["Re: [Fwd: [list] lunch (fwd)]", "lunch"],
      ["\t lunch \t plans ", "lunch plans"],
      ["Lunch With Case", "Lunch With Case"],
      ["[only a blob]", "[only a blob]"],
      ["Re: [only a blob]", "[only a blob]"],
      ["Reply to this", "Reply to this"],
      ["=?utf-8?Q?Re=3A_Gr=C3=BC=C3=9Fe?=", "Grüße"],
      ["", ""],
      ["Re:", ""],
    ];
    for (const [subject, base] of cases) expect(extractBaseSubject(subject), subject).toBe(base);
  });

  it("stays linear on a subject made of thousands of blobs and trailers", () => {
    const subject = `${"[x] ".repeat(50_000)}base${" (fwd)".repeat(50_000)}`;
    const started = performance.now();
    expect(extractBaseSubject(subject)).toBe("base");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("parseMessageIds", () => {
  it("reads msg-ids in order as written, skipping what is between them", () => {
    expect(parseMessageIds("<a@x> <b@x>")).toEqual(["<a@x>", "<b@x>"]);
    expect(parseMessageIds("<a@x>\r\n\t<b@x> <a@x>")).toEqual(["<a@x>", "<b@x>", "<a@x>"]);
    expect(parseMessageIds('Your message of "Mon" <a@x> (comment) and <b@x>')).toEqual(["<a@x>", "<b@x>"]);
    expect(parseMessageIds("<a @x>")).toEqual(["<a@x>"]);
    expect(parseMessageIds("<> <c@x>")).toEqual(["<c@x>"]);
  });

  it("falls back to words with @ when there are no angle brackets", () => {
    expect(parseMessageIds("a@x, b@x junk")).toEqual(["<a@x>", "<b@x>"]);
    expect(parseMessageIds("")).toEqual([]);
    expect(parseMessageIds("no ids here")).toEqual([]);
  });
});

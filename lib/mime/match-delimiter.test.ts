import { describe, expect, it } from "vitest";
import { matchDelimiter } from "./match-delimiter.ts";

/** matchDelimiter on a message that is just this one line. */
const matchLine = (line: string, boundaries: string[]) => {
  const raw = Buffer.from(line, "latin1");
  const hit = matchDelimiter(raw, 0, raw.length, boundaries.map((boundary) => Buffer.from(boundary)));
  return hit && { level: hit.level, isClose: hit.isClose };
};

describe("matchDelimiter", () => {
  it("takes a close delimiter with text after its dashes (RFC 2046 §5.1.1 compares the start of the line)", () => {
    expect(matchLine("--b--</BODY></HTML>\r\n", ["b"])).toEqual({ level: 0, isClose: true });
    expect(matchLine("--b---\n", ["b"])).toEqual({ level: 0, isClose: true });
    expect(matchLine("--b-- \t\r\n", ["b"])).toEqual({ level: 0, isClose: true });
    expect(matchLine("--b--", ["b"])).toEqual({ level: 0, isClose: true });
  });

  it("wants any other delimiter line exact but for transport padding", () => {
    expect(matchLine("--b \t\r\n", ["b"])).toEqual({ level: 0, isClose: false });
    expect(matchLine("--b\r\r\n", ["b"])).toEqual({ level: 0, isClose: false });
    expect(matchLine("--bx\r\n", ["b"])).toBeNull();
    expect(matchLine("--b x\r\n", ["b"])).toBeNull();
    expect(matchLine("--b-x\r\n", ["b"])).toBeNull();
    // only a close delimiter may end the message without a line break
    expect(matchLine("--b", ["b"])).toBeNull();
  });

  it("prefers the longest boundary, then the innermost", () => {
    expect(matchLine("--b--x\r\n", ["b--x", "b"])).toEqual({ level: 0, isClose: false });
    expect(matchLine("--b--x--\r\n", ["b", "b--x"])).toEqual({ level: 1, isClose: true });
    expect(matchLine("--same\r\n", ["same", "same"])).toEqual({ level: 1, isClose: false });
  });
});

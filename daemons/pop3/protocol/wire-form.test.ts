import { describe, expect, it } from "vitest";
import { topOf, toWireForm } from "./wire-form.ts";

const wire = (text: string) => toWireForm(Buffer.from(text, "latin1")).toString("latin1");

describe("toWireForm", () => {
  it("leaves a CRLF message without leading dots as it is (the same buffer)", () => {
    const raw = Buffer.from("Subject: x\r\n\r\nbody\r\n");
    expect(toWireForm(raw)).toBe(raw);
  });
  it("stuffs dots at line starts, turns bare LF into CRLF, and ends with CRLF", () => {
    expect(wire(".a\r\nb.c\r\n..\r\n.")).toBe("..a\r\nb.c\r\n...\r\n..\r\n");
    expect(wire("a\nb\r\nc")).toBe("a\r\nb\r\nc\r\n");
    expect(wire("a\r\n\n.b\n")).toBe("a\r\n\r\n..b\r\n");
    expect(wire("")).toBe("");
  });
});

describe("topOf", () => {
  const message = Buffer.from("A: 1\r\nB: 2\r\n\r\nl1\r\n.l2\r\nl3\r\n");
  it("sends the header, the blank line and n body lines", () => {
    expect(topOf(message, 0).toString()).toBe("A: 1\r\nB: 2\r\n\r\n");
    expect(topOf(message, 2).toString()).toBe("A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\n");
    expect(topOf(message, 99).toString()).toBe("A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\nl3\r\n");
  });
  it("handles LF-only messages and messages without a body", () => {
    expect(topOf(Buffer.from("A: 1\n\nx\ny\n"), 1).toString()).toBe("A: 1\r\n\r\nx\r\n");
    expect(topOf(Buffer.from("A: 1\r\nB: 2"), 5).toString()).toBe("A: 1\r\nB: 2\r\n");
  });
});

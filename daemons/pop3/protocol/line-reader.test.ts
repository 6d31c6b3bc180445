import { describe, expect, it } from "vitest";
import { createLineReader } from "./line-reader.ts";

const lines = (events: ReturnType<ReturnType<typeof createLineReader>["push"]>) => events.map((e) => (e.type === "line" ? e.bytes.toString() : "<too-long>"));

describe("createLineReader", () => {
  it("splits on CRLF (and bare LF), across chunks, many lines to a chunk", () => {
    const reader = createLineReader(100);
    expect(lines(reader.push(Buffer.from("STAT\r\nLIST 1\nRE")))).toEqual(["STAT", "LIST 1"]);
    expect(reader.pendingBytes()).toBe(2);
    expect(lines(reader.push(Buffer.from("TR 1\r")))).toEqual([]);
    expect(lines(reader.push(Buffer.from("\n\r\n")))).toEqual(["RETR 1", ""]);
    expect(lines(reader.push(Buffer.from("NOOP\r\n".repeat(1000)))).length).toBe(1000);
  });

  it("drops an over-long line without buffering it, reports it once, and reads on", () => {
    const reader = createLineReader(10);
    expect(lines(reader.push(Buffer.from("x".repeat(50))))).toEqual([]);
    expect(reader.pendingBytes()).toBe(0);
    expect(lines(reader.push(Buffer.from("y".repeat(5000) + "\r\nQUIT\r\n")))).toEqual(["<too-long>", "QUIT"]);
    expect(lines(reader.push(Buffer.from("0123456789\r\n01234567890\r\n")))).toEqual(["0123456789", "<too-long>"]);
  });

  it("forgets a partial line on reset (STLS)", () => {
    const reader = createLineReader(100);
    reader.push(Buffer.from("CAPA"));
    reader.reset();
    expect(lines(reader.push(Buffer.from("\r\nQUIT\r\n")))).toEqual(["", "QUIT"]);
  });
});

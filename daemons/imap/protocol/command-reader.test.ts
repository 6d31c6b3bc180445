import { describe, expect, it } from "vitest";
import { createCommandReader, readLiteralAnnouncement, type CommandLimits, type ReaderEvent } from "./command-reader.ts";

const LIMITS: CommandLimits = { maxLineBytes: 100, maxLiteralBytes: 50, maxCommandBytes: 300 };

const bytes = (text: string) => Buffer.from(text, "latin1");

/** Feeds the chunks in order and returns every event, commands shown as latin1 text. */
function feed(chunks: (string | Buffer)[], limits: CommandLimits = LIMITS) {
  const reader = createCommandReader(limits);
  return chunks.flatMap((chunk) => reader.push(typeof chunk === "string" ? bytes(chunk) : chunk)).map(describeEvent);
}

function describeEvent(event: ReaderEvent) {
  return event.type === "command" ? { type: "command", text: event.bytes.toString("latin1") } : event;
}

/** A transcript with every literal form, CRLF and `{5}` inside literal data, and a bare-LF line. */
const TRANSCRIPT =
  "a1 NOOP\r\n" +
  "a2 LOGIN {5}\r\nalice {11}\r\nsecret\r\n{3}\r\n" +
  "a3 APPEND Drafts {4+}\r\nab\r\n ~{3}\r\n\0\r\n\r\n" +
  "a4 SEARCH TEXT {0}\r\n\r\n" +
  "a5 NOOP\n";

const TRANSCRIPT_EVENTS = [
  { type: "command", text: "a1 NOOP\r\n" },
  { type: "continue" },
  { type: "continue" },
  { type: "command", text: "a2 LOGIN {5}\r\nalice {11}\r\nsecret\r\n{3}\r\n" },
  { type: "continue" },
  { type: "command", text: "a3 APPEND Drafts {4+}\r\nab\r\n ~{3}\r\n\0\r\n\r\n" },
  { type: "continue" },
  { type: "command", text: "a4 SEARCH TEXT {0}\r\n\r\n" },
  { type: "command", text: "a5 NOOP\n" },
];

describe("createCommandReader framing", () => {
  it("splits lines into commands and keeps their bytes exactly", () => {
    expect(feed(["a NOOP\r\nb CAPABILITY\r\n"])).toEqual([
      { type: "command", text: "a NOOP\r\n" },
      { type: "command", text: "b CAPABILITY\r\n" },
    ]);
  });

  it("takes a bare LF as a line end, and a bare CR as an ordinary byte", () => {
    expect(feed(["a NOOP\nb NO\rOP\r\n"])).toEqual([
      { type: "command", text: "a NOOP\n" },
      { type: "command", text: "b NO\rOP\r\n" },
    ]);
  });

  it("asks for synchronizing literals only, and never scans literal data for line ends or markers", () => {
    expect(feed([TRANSCRIPT])).toEqual(TRANSCRIPT_EVENTS);
  });

  it("gives the same events however the stream is split in two", () => {
    for (let cut = 0; cut <= TRANSCRIPT.length; cut++) {
      expect(feed([TRANSCRIPT.slice(0, cut), TRANSCRIPT.slice(cut)]), `cut at ${cut}`).toEqual(TRANSCRIPT_EVENTS);
    }
  });

  it("gives the same events fed one byte at a time, or split in three anywhere", () => {
    expect(feed([...TRANSCRIPT])).toEqual(TRANSCRIPT_EVENTS);
    const short = "x LOGIN {2}\r\nab ~{1+}\r\nc\r\n";
    const expected = feed([short]);
    for (let first = 0; first <= short.length; first++) {
      for (let second = first; second <= short.length; second++) {
        expect(feed([short.slice(0, first), short.slice(first, second), short.slice(second)])).toEqual(expected);
      }
    }
  });

  it("does not take an empty, unterminated or misplaced brace for a literal", () => {
    expect(feed(["a X {}\r\nb X {5\r\nc X {5}x\r\nd X {5}\r\r\n"]).map((event) => event.type)).toEqual(["command", "command", "command", "command"]);
  });

  it("reads a literal size with many leading zeros as the size it spells", () => {
    expect(feed(["a LOGIN {000000000000000000000000005}\r\nalice x\r\n"])).toEqual([
      { type: "continue" },
      { type: "command", text: "a LOGIN {000000000000000000000000005}\r\nalice x\r\n" },
    ]);
  });
});

describe("createCommandReader limits", () => {
  const BEFORE_LOGIN: CommandLimits = { maxLineBytes: 8192, maxLiteralBytes: 8192, maxCommandBytes: 16384 };

  it("refuses a 4 GB synchronizing literal at once, before any of it is buffered, and reads on", () => {
    const reader = createCommandReader(BEFORE_LOGIN);
    expect(reader.push(bytes("a1 APPEND INBOX {4294967296}\r\n"))).toEqual([{ type: "refuse", tag: "a1", message: "Literal too large" }]);
    expect(reader.bufferedBytes()).toBe(0);
    expect(reader.push(bytes("a2 NOOP\r\n")).map(describeEvent)).toEqual([{ type: "command", text: "a2 NOOP\r\n" }]);
  });

  it("never lets a long run of digits wrap into a small literal size", () => {
    const events = feed(["a {18446744073709551621}\r\n", "b {99999999999999999999999999999999999999999999999999}\r\n"]);
    expect(events).toEqual([
      { type: "refuse", tag: "a", message: "Literal too large" },
      { type: "refuse", tag: "b", message: "Literal too large" },
    ]);
  });

  it("ends the connection on an oversized non-synchronizing literal, and ignores everything after", () => {
    const reader = createCommandReader(BEFORE_LOGIN);
    expect(reader.push(bytes("a1 LOGIN {4294967296+}\r\nxxxx"))).toEqual([{ type: "fatal", message: "Literal too large" }]);
    expect(reader.bufferedBytes()).toBe(0);
    expect(reader.push(bytes("a2 NOOP\r\n"))).toEqual([]);
    expect(feed(["a ~{51+}\r\n"])).toEqual([{ type: "fatal", message: "Literal too large" }]);
  });

  it("allows a literal of exactly maxLiteralBytes, refuses one byte more", () => {
    expect(feed([`a X {50}\r\n${"x".repeat(50)}\r\n`]).map((event) => event.type)).toEqual(["continue", "command"]);
    expect(feed(["a X {51}\r\n"])).toEqual([{ type: "refuse", tag: "a", message: "Literal too large" }]);
  });

  it("refuses a literal that would push the command past maxCommandBytes", () => {
    const limits = { maxLineBytes: 100, maxLiteralBytes: 50, maxCommandBytes: 80 };
    const events = feed([`a X {40}\r\n${"x".repeat(40)} {40}\r\n`, "b NOOP\r\n"], limits);
    expect(events.map((event) => event.type)).toEqual(["continue", "refuse", "command"]);
    expect(events[1]).toEqual({ type: "refuse", tag: "a", message: "Literal too large" });
  });

  it("refuses a complete command longer than maxCommandBytes and stays in step", () => {
    const limits = { maxLineBytes: 100, maxLiteralBytes: 50, maxCommandBytes: 60 };
    const events = feed([`a X {40}\r\n${"x".repeat(40)} ${"y".repeat(30)}\r\nb NOOP\r\n`], limits);
    expect(events).toEqual([{ type: "continue" }, { type: "refuse", tag: "a", message: "Command too long" }, { type: "command", text: "b NOOP\r\n" }]);
  });

  it("gives no tag when the refused command's first word is not a tag", () => {
    expect(feed(["+x {99}\r\n", "{99}\r\n"])).toEqual([
      { type: "refuse", tag: null, message: "Literal too large" },
      { type: "refuse", tag: null, message: "Literal too large" },
    ]);
  });

  it("ends the connection on a line longer than maxLineBytes as soon as it cannot fit, without waiting for its end", () => {
    const reader = createCommandReader(LIMITS);
    expect(reader.push(bytes("a ".padEnd(100, "x")))).toEqual([]);
    expect(reader.push(bytes("\r"))).toEqual([]);
    expect(reader.bufferedBytes()).toBe(101);
    expect(reader.push(bytes("y"))).toEqual([{ type: "fatal", message: "Line too long" }]);
    expect(reader.push(bytes("\r\nb NOOP\r\n"))).toEqual([]);
  });

  it("allows a line of exactly maxLineBytes before its CRLF or LF, not one more", () => {
    const line = "a ".padEnd(100, "x");
    expect(feed([`${line}\r\n`]).map((event) => event.type)).toEqual(["command"]);
    expect(feed([`${line}\n`]).map((event) => event.type)).toEqual(["command"]);
    expect(feed([`${line}x\r\n`])).toEqual([{ type: "fatal", message: "Line too long" }]);
    expect(feed([`${line}x\n`])).toEqual([{ type: "fatal", message: "Line too long" }]);
  });

  it("applies raised limits from the next line on", () => {
    const reader = createCommandReader(BEFORE_LOGIN);
    expect(reader.push(bytes("a APPEND INBOX {100000}\r\n"))).toEqual([{ type: "refuse", tag: "a", message: "Literal too large" }]);
    reader.setLimits({ maxLineBytes: 65536, maxLiteralBytes: 1 << 20, maxCommandBytes: (1 << 20) + 65536 });
    expect(reader.push(bytes("b APPEND INBOX {100000}\r\n"))).toEqual([{ type: "continue" }]);
    const events = reader.push(Buffer.concat([Buffer.alloc(100000, 0x61), bytes("\r\n")]));
    expect(events.map((event) => event.type)).toEqual(["command"]);
    expect((events[0] as { bytes: Buffer }).bytes.length).toBe("b APPEND INBOX {100000}\r\n".length + 100002);
  });

  it("keeps its buffer within one line plus one command, whatever arrives", () => {
    const reader = createCommandReader(LIMITS);
    const bound = LIMITS.maxCommandBytes + LIMITS.maxLineBytes + 2;
    const stream = `a X {50}\r\n${"z".repeat(50)} {50}\r\n${"z".repeat(50)} {50}\r\n${"z".repeat(50)} {50}\r\n${"z".repeat(50)} {50}\r\n${"q".repeat(200)}`;
    for (const char of stream) {
      reader.push(bytes(char));
      expect(reader.bufferedBytes()).toBeLessThanOrEqual(bound);
    }
  });
});

describe("readLiteralAnnouncement", () => {
  const announce = (line: string) => readLiteralAnnouncement(bytes(line), line.length);

  it("reads every literal form at the end of a line", () => {
    expect(announce("a LOGIN {5}")).toEqual({ size: 5, isSynchronizing: true });
    expect(announce("a LOGIN {5+}")).toEqual({ size: 5, isSynchronizing: false });
    expect(announce("a APPEND x ~{7}")).toEqual({ size: 7, isSynchronizing: true });
    expect(announce("a APPEND x ~{7+}")).toEqual({ size: 7, isSynchronizing: false });
    expect(announce("{0}")).toEqual({ size: 0, isSynchronizing: true });
    expect(announce("a {1234567890123456}")).toEqual({ size: Infinity, isSynchronizing: true });
  });

  it("finds none where the line does not end in a complete announcement", () => {
    for (const line of ["", "}", "{}", "{+}", "a {5} ", "a 5}", "a {5++}", "a {-5}", "a {5 }"]) expect(announce(line), line).toBeNull();
  });
});

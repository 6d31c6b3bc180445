// Shared by the parser tests: build a command's bytes, parse it, and state what it should become.
import { expect } from "vitest";
import type { Command, ParseResult, SequenceNumber, SequenceSet } from "./command.ts";
import { parseCommand, type ParseOptions } from "./parse-command.ts";

/** A command as a client sends it: the text (UTF-8) with CRLF appended; Buffers pass unchanged. */
export function parse(command: string | Buffer, options?: ParseOptions): ParseResult {
  return parseCommand(typeof command === "string" ? Buffer.from(`${command}\r\n`, "utf8") : command, options);
}

/** Asserts the command parses, with its first word as tag, into `expected`. */
export function expectCommand(command: string | Buffer, expected: Command, options?: ParseOptions): void {
  const text = typeof command === "string" ? command : command.toString("latin1");
  expect(parse(command, options), text).toEqual({ ok: true, tag: text.split(" ")[0], command: expected });
}

/** Asserts the command is refused with this message, and the tag it carried. */
export function expectBad(command: string | Buffer, message: string, tag: string | null = "a", options?: ParseOptions): void {
  const text = typeof command === "string" ? command : command.toString("latin1");
  expect(parse(command, options), text).toEqual({ ok: false, tag, message });
}

/** A sequence set from [first, last] pairs or single numbers. */
export function set(...items: (SequenceNumber | [SequenceNumber, SequenceNumber])[]): SequenceSet {
  return { ranges: items.map((item) => (Array.isArray(item) ? item : [item, item])) };
}

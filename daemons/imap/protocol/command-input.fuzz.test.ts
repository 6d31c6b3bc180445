// The reader and parser together, on what a hostile or broken client may send: valid commands mutated
// (byte flips, truncation, duplication, stray literal announcements and line ends) and random bytes, in
// random chunkings. Neither may throw, every result must be a well-formed ParseResult, and the reader's
// buffer must stay within its limits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CommandName, ParseResult } from "./command.ts";
import { createCommandReader, type CommandLimits } from "./command-reader.ts";
import { parseCommand } from "./parse-command.ts";

const CORPUS = [
  "a1 NOOP\r\n",
  "a2 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n",
  'a3 LOGIN "fred \\"x\\"" pass\r\n',
  "a4 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
  'a5 ID ("name" "Thunderbird" "version" NIL)\r\n',
  "a6 ENABLE CONDSTORE QRESYNC\r\n",
  "a7 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:5 3:7)))\r\n",
  "a8 EXAMINE {8}\r\nMy Inbox (CONDSTORE)\r\n",
  "a9 CREATE Junk (USE (\\Junk))\r\n",
  "b1 RENAME a {1}\r\nb\r\n",
  'b2 LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n',
  'b3 LSUB "" *\r\n',
  "b4 STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)\r\n",
  'b5 APPEND Drafts (\\Seen \\Draft) " 7-Feb-1994 21:52:25 -0800" {19}\r\nSubject: x\r\n\r\nhello ~{5}\r\na\0b\r\n {0+}\r\n\r\n',
  "b6 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From {2}\r\nTo)]<0.100> BINARY[1.2] BINARY.SIZE[1]) (CHANGEDSINCE 5 VANISHED)\r\n",
  "b7 FETCH 2:4,7 FULL\r\n",
  "b7 FETCH $ FAST\r\n",
  "b8 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted $Junk)\r\n",
  "b9 UID MOVE 42:69 Trash\r\n",
  "c1 UID EXPUNGE 3000:3002\r\n",
  'c2 SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR (FROM "Smith" SINCE 1-Feb-1994) NOT (UID 1:5 LARGER 100) TEXT {4}\r\nrus\r\n',
  'c3 UID SEARCH MODSEQ "/flags/\\\\draft" all 620162338 HEADER Message-ID "<x@y>" KEYWORD $Forwarded\r\n',
  "c4 UID SORT RETURN (COUNT) (REVERSE DATE DISPLAYFROM) UTF-8 UNSEEN SENTBEFORE \"31-Dec-1999\"\r\n",
  "c5 THREAD REFERENCES US-ASCII TEXT gewp\r\n",
  'c6 SETQUOTA "#user/alice" (STORAGE 510)\r\n',
  "c7 GETQUOTAROOT INBOX\r\n",
  "c8 COMPRESS DEFLATE\r\n",
  "DONE\r\n",
].map((text) => Buffer.from(text, "latin1"));

const COMMAND_NAMES: ReadonlySet<CommandName> = new Set<CommandName>([
  "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "NAMESPACE", "IDLE", "CHECK", "CLOSE", "UNSELECT", "AUTHENTICATE", "LOGIN", "ENABLE", "ID",
  "SELECT", "EXAMINE", "CREATE", "DELETE", "SUBSCRIBE", "UNSUBSCRIBE", "RENAME", "LIST", "LSUB", "STATUS", "APPEND", "EXPUNGE", "SEARCH",
  "FETCH", "STORE", "COPY", "MOVE", "SORT", "THREAD", "GETQUOTA", "GETQUOTAROOT", "SETQUOTA", "COMPRESS",
]);

/** Throws (for fast-check to report) unless the result has the shape of a ParseResult and came from the grammar, not the safety net. */
function assertWellFormed(result: ParseResult, input: Buffer): void {
  const describe = () => JSON.stringify(input.toString("latin1"));
  if (result.ok) {
    if (typeof result.tag !== "string" || result.tag === "" || !COMMAND_NAMES.has(result.command.name)) throw new Error(`malformed success for ${describe()}`);
    return;
  }
  if (!(result.tag === null || (typeof result.tag === "string" && result.tag !== ""))) throw new Error(`malformed tag for ${describe()}`);
  if (typeof result.message !== "string" || result.message === "") throw new Error(`empty message for ${describe()}`);
  // The catch-all message means an exception escaped the grammar: a bug.
  if (result.message === "Command could not be parsed") throw new Error(`parser threw on ${describe()}`);
}

type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate"; from: number; length: number; at: number }
  | { kind: "insert"; at: number; text: string };

const literalMarker = fc
  .tuple(fc.constantFrom("{", "~{"), fc.oneof(fc.nat(40), fc.constantFrom(4294967296, 1e20, 0)), fc.constantFrom("}", "+}"), fc.constantFrom("\r\n", "\n", "", " "))
  .map(([open, size, close, end]) => `${open}${size === 1e20 ? "100000000000000000000" : size}${close}${end}`);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x0a, 0x0d, 0x20, 0x22, 0x28, 0x29, 0x5c, 0x7b, 0x7d, 0x7e, 0x2b, 0x2a, 0x24, 0x5b, 0x5d, 0xc3, 0xff) }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), from: fc.nat(), length: fc.integer({ min: 1, max: 40 }), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: literalMarker }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom("\r\n", "\n", " ", "(", ")", '"', "\\", "NIL", "*", "0", "4294967296", "[", "]", "<0.1>", "UID ", "~") }),
);

function applyMutation(bytes: Buffer, change: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1);
  switch (change.kind) {
    case "flip": {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[at % bytes.length] = change.byte;
      return copy;
    }
    case "truncate":
      return bytes.subarray(0, at);
    case "duplicate": {
      const from = bytes.length === 0 ? 0 : change.from % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, from + change.length), bytes.subarray(at)]);
    }
    case "insert":
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(change.text, "latin1"), bytes.subarray(at)]);
  }
}

const mutatedCommand = fc
  .tuple(fc.nat(CORPUS.length - 1), fc.array(mutation, { maxLength: 4 }))
  .map(([index, changes]) => changes.reduce(applyMutation, CORPUS[index]!));

/** Cuts a stream into chunks of the given sizes, repeated, so splits fall anywhere. */
function chunk(stream: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, index = 0; offset < stream.length; index++) {
    const size = sizes[index % sizes.length]!;
    chunks.push(stream.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 });

const limits: fc.Arbitrary<CommandLimits> = fc.record({
  maxLineBytes: fc.integer({ min: 16, max: 300 }),
  maxLiteralBytes: fc.integer({ min: 0, max: 120 }),
  maxCommandBytes: fc.integer({ min: 16, max: 600 }),
});

/** Runs a stream through a fresh reader and the parser, checking every step; returns the parse results. */
function runStream(stream: Buffer, sizes: number[], readerLimits: CommandLimits, isUtf8Enabled: boolean): ParseResult[] {
  const reader = createCommandReader(readerLimits);
  const bound = readerLimits.maxCommandBytes + readerLimits.maxLineBytes + 2;
  const results: ParseResult[] = [];
  for (const piece of chunk(stream, sizes)) {
    for (const event of reader.push(piece)) {
      if (event.type !== "command") continue;
      if (event.bytes.length > readerLimits.maxCommandBytes) throw new Error(`command of ${event.bytes.length} bytes passed the limit`);
      const result = parseCommand(event.bytes, { utf8: isUtf8Enabled });
      assertWellFormed(result, event.bytes);
      results.push(result);
    }
    if (reader.bufferedBytes() > bound) throw new Error(`reader holds ${reader.bufferedBytes()} bytes, more than ${bound}`);
  }
  return results;
}

const GENEROUS: CommandLimits = { maxLineBytes: 4096, maxLiteralBytes: 4096, maxCommandBytes: 16384 };

/** Parse results with Buffers made comparable. */
const comparable = (results: ParseResult[]) => JSON.stringify(results, (_key, value) => (typeof value === "bigint" ? `${value}n` : value));

describe("command reader and parser under fuzzing", () => {
  it("parse every corpus command, whole or split at any byte", () => {
    for (const command of CORPUS) {
      const whole = parseCommand(command);
      // DONE ends IDLE and is read as a line, not parsed: it is in the corpus for the reader.
      expect(whole.ok, command.toString("latin1")).toBe(command.toString() !== "DONE\r\n");
      for (let cut = 0; cut <= command.length; cut++) {
        expect(comparable(runStream(command, [cut || command.length, command.length], GENEROUS, false))).toBe(comparable([whole]));
      }
    }
  });

  it("give the same commands however a valid stream is chunked", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(CORPUS.length - 1), { minLength: 1, maxLength: 6 }), chunkSizes, (indexes, sizes) => {
        const commands = indexes.map((index) => CORPUS[index]!);
        const expected = commands.map((command) => parseCommand(command));
        return comparable(runStream(Buffer.concat(commands), sizes, GENEROUS, false)) === comparable(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it("never throw, always answer a ParseResult and stay within the limits on mutated streams", () => {
    fc.assert(
      fc.property(fc.array(mutatedCommand, { minLength: 1, maxLength: 5 }), chunkSizes, limits, fc.boolean(), (commands, sizes, readerLimits, isUtf8Enabled) => {
        runStream(Buffer.concat(commands), sizes, readerLimits, isUtf8Enabled);
      }),
      { numRuns: 10000 },
    );
  });

  it("never throw on mutated commands given straight to the parser", () => {
    fc.assert(
      fc.property(mutatedCommand, fc.boolean(), (command, isUtf8Enabled) => {
        assertWellFormed(parseCommand(command, { utf8: isUtf8Enabled }), command);
      }),
      { numRuns: 30000 },
    );
  });

  it("never throw on random bytes, bare or after a tag and command name", () => {
    const prefixes = ["", "a ", "a FETCH ", "a SEARCH ", "a UID FETCH 1 ", "a APPEND x ", "a LIST ", "a SELECT x ", "a STORE 1 ", "a SORT "];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 120 }), chunkSizes, (prefix, bytes, sizes) => {
        const command = Buffer.concat([Buffer.from(prefix), bytes, Buffer.from("\r\n")]);
        assertWellFormed(parseCommand(command), command);
        runStream(command, sizes, { maxLineBytes: 100, maxLiteralBytes: 50, maxCommandBytes: 200 }, true);
      }),
      { numRuns: 10000 },
    );
  });
});

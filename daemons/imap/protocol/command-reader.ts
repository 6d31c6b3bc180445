// Frames the client's byte stream into complete IMAP commands (RFC 9051 §2.2.1, §4.3): a command is
// a line, and when a line ends in a literal announcement (`{n}`, `{n+}` of LITERAL+/LITERAL- RFC 7888,
// `~{n}` / `~{n+}` of literal8 RFC 3516) the next n bytes are literal data, followed by more lines of
// the same command. Literal data is counted, never scanned, so it may hold CRLF or `{5}` freely.
//
// Line ends: IMAP requires CRLF, but a bare LF also ends a line here (the CR, when present, is part
// of the terminator). Accepting it costs nothing in safety, since literal sizes are counted from the
// byte after the LF, and parse-command.ts accepts exactly the same terminators. A bare CR is an
// ordinary byte and the parser rejects it.
//
// Limits are checked as soon as the bytes that break them are known: a line longer than maxLineBytes
// ends the connection before it is fully buffered, and a literal is judged by its announcement,
// before any of its bytes arrive. Buffered bytes therefore stay within maxCommandBytes plus one line.

/** The sizes the reader enforces; the session raises them after login. */
export type CommandLimits = {
  /** Longest line, not counting its CRLF. */
  maxLineBytes: number;
  /** Largest single literal. */
  maxLiteralBytes: number;
  /** Largest whole command: its lines, terminators and literal bytes. */
  maxCommandBytes: number;
};

export type ReaderEvent =
  /** A complete command, bytes exactly as received (lines, CRLFs, `{n}` markers and literal data). */
  | { type: "command"; bytes: Buffer }
  /** A synchronizing literal within the limits was announced: the server now sends `+ ...`. */
  | { type: "continue" }
  /** A synchronizing literal (or a command) too large: no `+` is sent, the command is dropped, reading goes on. */
  | { type: "refuse"; tag: string | null; message: string }
  /** The stream cannot be followed any further: the server sends `* BYE` and closes. All later input is ignored. */
  | { type: "fatal"; message: string };

export type CommandReader = {
  /** Consumes the next bytes from the client and returns what they completed, in order. */
  push(chunk: Buffer): ReaderEvent[];
  /** Replaces the limits for everything not yet judged (the line being read and later ones). */
  setLimits(limits: CommandLimits): void;
  /** Bytes held for the command being assembled: for tests and monitoring. */
  bufferedBytes(): number;
};

/** An announced literal at the end of a line. `size` is Infinity when its digits do not fit a safe integer. */
export type LiteralAnnouncement = { size: number; isSynchronizing: boolean };

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const PLUS = 0x2b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;

/** Significant digits beyond which a literal size is treated as unbounded (2^53 has 16). */
const MAX_SIZE_DIGITS = 15;

/**
 * Creates a reader for one connection. State lives in the closure: the partial line, the parts of
 * the command assembled so far, and how many literal bytes are still owed.
 */
export function createCommandReader(initialLimits: CommandLimits): CommandReader {
  let limits = { ...initialLimits };
  let pendingLine: Buffer[] = [];
  let pendingLineBytes = 0;
  let commandParts: Buffer[] = [];
  let commandBytes = 0;
  let literalBytesOwed = 0;
  let isDead = false;

  function resetCommand(): void {
    commandParts = [];
    commandBytes = 0;
    literalBytesOwed = 0;
  }

  function die(events: ReaderEvent[], message: string): void {
    isDead = true;
    pendingLine = [];
    pendingLineBytes = 0;
    resetCommand();
    events.push({ type: "fatal", message });
  }

  /** Judges one complete line (terminator included) and decides what comes next. */
  function finishLine(line: Buffer, events: ReaderEvent[]): void {
    const contentLength = line.length - lineTerminatorLength(line);
    if (contentLength > limits.maxLineBytes) return die(events, "Line too long");

    commandParts.push(line);
    commandBytes += line.length;
    const announcement = readLiteralAnnouncement(line, contentLength);
    if (announcement === null) {
      // The command is complete, so even an oversized one leaves the stream in step: refuse it and go on.
      if (commandBytes > limits.maxCommandBytes) {
        events.push({ type: "refuse", tag: readCommandTag(commandParts[0]!), message: "Command too long" });
      } else {
        events.push({ type: "command", bytes: Buffer.concat(commandParts, commandBytes) });
      }
      return resetCommand();
    }

    const isTooLarge = announcement.size > limits.maxLiteralBytes || commandBytes + announcement.size > limits.maxCommandBytes;
    if (isTooLarge && !announcement.isSynchronizing) {
      // RFC 7888 §4: the bytes of a non-synchronizing literal are already on their way.
      return die(events, "Literal too large");
    }
    if (isTooLarge) {
      // RFC 9051 §7.5: without a "+" the client does not send the literal, so the next line is a new command.
      events.push({ type: "refuse", tag: readCommandTag(commandParts[0]!), message: "Literal too large" });
      return resetCommand();
    }
    if (announcement.isSynchronizing) events.push({ type: "continue" });
    literalBytesOwed = announcement.size;
  }

  function push(chunk: Buffer): ReaderEvent[] {
    const events: ReaderEvent[] = [];
    let offset = 0;
    while (!isDead && offset < chunk.length) {
      if (literalBytesOwed > 0) {
        const take = Math.min(literalBytesOwed, chunk.length - offset);
        // Copied so a small tail does not keep the client's whole chunk alive.
        commandParts.push(Buffer.from(chunk.subarray(offset, offset + take)));
        commandBytes += take;
        literalBytesOwed -= take;
        offset += take;
        continue;
      }
      const lf = chunk.indexOf(LF, offset);
      if (lf === -1) {
        pendingLineBytes += chunk.length - offset;
        // One byte beyond maxLineBytes may be the CR of a CRLF still to come; more cannot fit.
        if (pendingLineBytes > limits.maxLineBytes + 1) die(events, "Line too long");
        else pendingLine.push(Buffer.from(chunk.subarray(offset)));
        break;
      }
      const lineEnd = lf + 1;
      if (pendingLineBytes + (lineEnd - offset) > limits.maxLineBytes + 2) {
        die(events, "Line too long");
        break;
      }
      const line = Buffer.concat([...pendingLine, chunk.subarray(offset, lineEnd)]);
      pendingLine = [];
      pendingLineBytes = 0;
      offset = lineEnd;
      finishLine(line, events);
    }
    return events;
  }

  return {
    push: (chunk) => (isDead ? [] : push(chunk)),
    setLimits(next) {
      limits = { ...next };
    },
    bufferedBytes: () => pendingLineBytes + commandBytes,
  };
}

/** 2 for CRLF, 1 for a bare LF, 0 when the buffer does not end a line. */
export function lineTerminatorLength(line: Buffer): number {
  if (line.length === 0 || line[line.length - 1] !== LF) return 0;
  return line.length >= 2 && line[line.length - 2] === CR ? 2 : 1;
}

/**
 * The literal announced at the end of a line's content (`contentLength` bytes, terminator excluded):
 * `{n}`, `{n+}`, `~{n}` or `~{n+}`. Leading zeros are skipped before counting digits, so a long run of
 * digits never wraps into a small size. Null when the line announces no literal.
 */
export function readLiteralAnnouncement(line: Buffer, contentLength: number): LiteralAnnouncement | null {
  let position = contentLength - 1;
  if (position < 0 || line[position] !== CLOSE_BRACE) return null;
  position--;
  const isSynchronizing = line[position] !== PLUS;
  if (!isSynchronizing) position--;
  const lastDigit = position;
  while (position >= 0 && line[position]! >= ZERO && line[position]! <= NINE) position--;
  if (position === lastDigit || position < 0 || line[position] !== OPEN_BRACE) return null;

  let firstSignificant = position + 1;
  while (firstSignificant < lastDigit && line[firstSignificant] === ZERO) firstSignificant++;
  const digitCount = lastDigit - firstSignificant + 1;
  const size = digitCount > MAX_SIZE_DIGITS ? Infinity : Number(line.toString("latin1", firstSignificant, lastDigit + 1));
  return { size, isSynchronizing };
}

/** The tag of a command's first line, for a refusal: null when it is not a valid tag (RFC 9051 §9 `tag`). */
function readCommandTag(firstLine: Buffer): string | null {
  const space = firstLine.indexOf(SP);
  if (space <= 0) return null;
  for (let index = 0; index < space; index++) {
    if (!isTagByte(firstLine[index]!)) return null;
  }
  return firstLine.toString("latin1", 0, space);
}

/** tag = 1*<any ASTRING-CHAR except "+">: printable ASCII except atom-specials other than "]". */
function isTagByte(byte: number): boolean {
  return byte > SP && byte < 0x7f && !'(){%*"\\+'.includes(String.fromCharCode(byte));
}

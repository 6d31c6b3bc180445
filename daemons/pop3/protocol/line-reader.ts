/**
 * Frames a POP3 client's bytes into lines (RFC 1939 §3: commands end with CRLF; a bare LF is
 * taken as the end too, as Dovecot does). Pure: bytes in, events out. A line longer than
 * `maxLineBytes` is not kept: its bytes are dropped up to its end, and one "too-long" event stands
 * for it, so a client cannot make the server buffer without bound.
 */
export type LineEvent = { type: "line"; bytes: Buffer } | { type: "too-long" };

export type LineReader = {
  push(chunk: Buffer): LineEvent[];
  /** Bytes held of a line not yet ended. */
  pendingBytes(): number;
  /** Forgets buffered bytes (after STLS: nothing sent before the handshake may count as a command). */
  reset(): void;
};

export function createLineReader(maxLineBytes: number): LineReader {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let isDiscarding = false;

  return {
    push(chunk) {
      const events: LineEvent[] = [];
      let start = 0;
      while (start < chunk.length) {
        const lf = chunk.indexOf(0x0a, start);
        const end = lf === -1 ? chunk.length : lf;
        if (!isDiscarding && pendingLength + (end - start) > maxLineBytes + 1) {
          // +1: the CR before the LF is not the line's content
          isDiscarding = true;
          pending = [];
          pendingLength = 0;
        }
        if (!isDiscarding) {
          pending.push(chunk.subarray(start, end));
          pendingLength += end - start;
        }
        if (lf === -1) break;
        if (isDiscarding) {
          events.push({ type: "too-long" });
          isDiscarding = false;
        } else {
          let line = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength);
          if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
          if (line.length > maxLineBytes) events.push({ type: "too-long" });
          else events.push({ type: "line", bytes: Buffer.from(line) });
        }
        pending = [];
        pendingLength = 0;
        start = lf + 1;
      }
      return events;
    },
    pendingBytes: () => pendingLength,
    reset() {
      pending = [];
      pendingLength = 0;
      isDiscarding = false;
    },
  };
}

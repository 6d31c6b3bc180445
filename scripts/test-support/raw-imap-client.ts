// A bare IMAP client for tests that must see a server's exact bytes (imapflow parses them away):
// it sends command lines and hands back each response as received, literals included, and reads
// response values into a small tree for comparing two servers' answers.
import { connect, type Socket } from "node:net";

/** An IMAP value as sent (RFC 9051 §4): strings keep their bytes and whether they came as a literal. */
export type WireValue =
  | { kind: "nil" }
  /** Atoms and numbers. */
  | { kind: "atom"; text: string }
  | { kind: "string"; bytes: Buffer; isLiteral: boolean }
  | { kind: "list"; items: WireValue[] };

export type RawImapClient = {
  /** The greeting line, CRLF included. */
  greeting: Buffer;
  /**
   * Sends `tag SP pieces CRLF` (a Buffer piece goes as is, so LITERAL+ literals can be written inline)
   * and resolves with every response up to and including the tagged one, byte for byte.
   */
  command(pieces: (string | Buffer)[]): Promise<Buffer>;
  close(): void;
};

export async function connectRawImap(host: string, port: number): Promise<RawImapClient> {
  const socket = connect({ host, port });
  const reader = new ResponseReader(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const greeting = await reader.next();
  let tagCount = 0;
  return {
    greeting,
    async command(pieces) {
      const tag = `t${++tagCount}`;
      socket.write(Buffer.concat([Buffer.from(`${tag} `), ...pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece)), Buffer.from("\r\n")]));
      const responses: Buffer[] = [];
      for (;;) {
        const response = await reader.next();
        responses.push(response);
        if (response.subarray(0, tag.length + 1).toString("latin1") === `${tag} `) return Buffer.concat(responses);
      }
    },
    close: () => socket.destroy(),
  };
}

/** Connects and sends the login command (LOGIN or AUTHENTICATE, without the tag), which must succeed. */
export async function logInRawImap(host: string, port: number, login: string): Promise<RawImapClient> {
  const client = await connectRawImap(host, port);
  try {
    expectTaggedOk(await client.command([login]));
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

/** Splits the server's bytes into whole responses: a line, and when it ends in {n}, n bytes and the rest of the line. */
class ResponseReader {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake?.();
    });
    socket.on("error", (error) => {
      this.failure = error;
      this.wake?.();
    });
    socket.on("close", () => {
      this.failure ??= new Error("the server closed the connection");
      this.wake?.();
    });
  }

  async next(): Promise<Buffer> {
    for (;;) {
      const end = findResponseEnd(this.buffered);
      if (end !== null) {
        const response = this.buffered.subarray(0, end);
        this.buffered = this.buffered.subarray(end);
        return response;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

function findResponseEnd(bytes: Buffer): number | null {
  let pos = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", pos);
    if (lineEnd < 0) return null;
    const literal = /\{(\d+)\}$/.exec(bytes.subarray(Math.max(pos, lineEnd - 20), lineEnd).toString("latin1"));
    if (!literal) return lineEnd + 2;
    pos = lineEnd + 2 + Number(literal[1]);
    if (pos > bytes.length) return null;
  }
}

/** Reads one value starting at `pos`; `end` is just past it. Throws on anything that is not a value. */
export function readWireValue(bytes: Buffer, pos: number): { value: WireValue; end: number } {
  const byte = bytes[pos];
  if (byte === 0x28) {
    const items: WireValue[] = [];
    let at = pos + 1;
    for (;;) {
      while (bytes[at] === 0x20) at++;
      if (bytes[at] === 0x29) return { value: { kind: "list", items }, end: at + 1 };
      const item = readWireValue(bytes, at);
      items.push(item.value);
      at = item.end;
    }
  }
  if (byte === 0x22) {
    const chars: number[] = [];
    let at = pos + 1;
    while (bytes[at] !== 0x22) {
      if (at >= bytes.length) throw new Error(`unterminated quoted string at ${pos}`);
      if (bytes[at] === 0x5c) at++;
      chars.push(bytes[at]!);
      at++;
    }
    return { value: { kind: "string", bytes: Buffer.from(chars), isLiteral: false }, end: at + 1 };
  }
  if (byte === 0x7b) {
    const header = /^\{(\d+)\}\r\n/.exec(bytes.subarray(pos, pos + 24).toString("latin1"));
    if (!header) throw new Error(`bad literal at ${pos}`);
    const start = pos + header[0].length;
    const end = start + Number(header[1]);
    return { value: { kind: "string", bytes: bytes.subarray(start, end), isLiteral: true }, end };
  }
  const atom = /^[^\s()"{]+/.exec(bytes.subarray(pos, pos + 1024).toString("latin1"));
  if (!atom) throw new Error(`no value at ${pos}: ${JSON.stringify(bytes.subarray(pos, pos + 40).toString("latin1"))}`);
  const end = pos + atom[0].length;
  return { value: atom[0] === "NIL" ? { kind: "nil" } : { kind: "atom", text: atom[0] }, end };
}

/** The FETCH responses in a command's output: message number → item name → the item value's raw bytes. */
export function readFetchItems(output: Buffer): Map<number, Map<string, Buffer>> {
  const messages = new Map<number, Map<string, Buffer>>();
  const pattern = /^\* (\d+) FETCH \(/gm;
  const text = output.toString("latin1");
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const items = messages.get(Number(match[1])) ?? new Map<string, Buffer>();
    let at = match.index + match[0].length;
    while (output[at] !== 0x29) {
      const name = readFetchItemName(output, at);
      const value = readWireValue(output, name.end + 1);
      items.set(name.text, output.subarray(name.end + 1, value.end));
      at = value.end;
      if (output[at] === 0x20) at++;
    }
    messages.set(Number(match[1]), items);
    pattern.lastIndex = at;
  }
  return messages;
}

/** A FETCH item name: an atom, or a section with what its brackets hold ("BODY[HEADER.FIELDS (FROM TO)]<0>"). */
function readFetchItemName(output: Buffer, at: number): { text: string; end: number } {
  const name = /^[A-Z0-9.]+(\[[^\]\r\n]*\](<\d+>)?)?/i.exec(output.subarray(at, at + 1024).toString("latin1"));
  if (!name) throw new Error(`FETCH item name expected at ${at}`);
  return { text: name[0], end: at + name[0].length };
}

/** The output of a command that must succeed; throws with the server's answer otherwise. */
export function expectTaggedOk(output: Buffer): Buffer {
  const last = output.toString("latin1").trimEnd().split("\r\n").at(-1) ?? "";
  if (!/^t\d+ OK/.test(last)) throw new Error(`the server refused: ${last}`);
  return output;
}

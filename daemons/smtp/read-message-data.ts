import type { Readable } from "node:stream";

export type MessageData = { raw: Buffer; hasBareLineBreak: boolean; isTooLarge: boolean };

const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads a DATA stream to its end (smtp-server ends it only at CRLF.CRLF and undoes dot-stuffing).
 * Notes a bare LF or bare CR anywhere: each end-of-data sequence that SMTP smuggling relies on
 * (CVE-2023-51764: `\n.\n`, `\r.\n`, `\n.\r\n`, …) contains one, and another server along the path
 * could read it as the end of this message. Past `maxBytes` it stops keeping bytes but reads on, so
 * the session stays in step with the client.
 */
export async function readMessageData(stream: Readable & { sizeExceeded?: boolean }, maxBytes: number): Promise<MessageData> {
  const chunks: Buffer[] = [];
  let size = 0;
  let hasBareLineBreak = false;
  let previous = -1; // the last byte of the previous chunk
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!hasBareLineBreak) hasBareLineBreak = containsBareLineBreak(chunk, previous);
    previous = chunk.length > 0 ? chunk[chunk.length - 1]! : previous;
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  // A CR at the very end is bare too: the final CRLF before the dot belongs to the data.
  if (previous === CR) hasBareLineBreak = true;
  const isTooLarge = size > maxBytes || stream.sizeExceeded === true;
  return { raw: isTooLarge ? Buffer.alloc(0) : Buffer.concat(chunks, size), hasBareLineBreak, isTooLarge };
}

function containsBareLineBreak(chunk: Buffer, previous: number): boolean {
  if (previous === CR && chunk.length > 0 && chunk[0] !== LF) return true; // a CR that ended the last chunk
  for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
    if ((lf === 0 ? previous : chunk[lf - 1]) !== CR) return true;
  }
  // A CR as the chunk's last byte is judged with the next chunk's first byte.
  for (let cr = chunk.indexOf(CR); cr !== -1 && cr + 1 < chunk.length; cr = chunk.indexOf(CR, cr + 1)) {
    if (chunk[cr + 1] !== LF) return true;
  }
  return false;
}

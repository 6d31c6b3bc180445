// The content of a leaf part: transfer encoding undone, and for text the charset too.
import libbase64 from "libbase64";
import libmime from "libmime";
import libqp from "libqp";
import { decodeCharset } from "./decode-charset.ts";
import type { MimePart } from "./message-index.ts";

/**
 * The body bytes of `part` with its Content-Transfer-Encoding undone; unknown encodings pass through as
 * they are. `maxInput` limits how many encoded bytes are read, for callers that only need the start.
 */
export function decodeTransferEncoding(raw: Buffer, part: MimePart, maxInput = Infinity): Buffer {
  const body = raw.subarray(part.bodyStart, Math.min(part.bodyEnd, part.bodyStart + maxInput));
  // libbase64 decodes strings only (a Buffer comes back copied as it is); latin1 keeps every byte
  if (part.encoding === "base64") return libbase64.decode(body.toString("latin1"));
  if (part.encoding === "quoted-printable") return libqp.decode(body);
  return body;
}

/**
 * The text of a text/* part as a string: transfer encoding and charset undone, format=flowed lines
 * joined (RFC 3676 §4.2). For text/html without a charset parameter the <meta> charset is honoured.
 */
export function decodeTextBody(raw: Buffer, part: MimePart, maxInput = Infinity): string {
  const bytes = decodeTransferEncoding(raw, part, maxInput);
  const charset = part.params.charset ?? (part.subtype === "html" ? sniffHtmlCharset(bytes) : undefined);
  const text = decodeCharset(bytes, charset);
  if (part.subtype === "plain" && part.params.format?.toLowerCase() === "flowed") {
    return libmime.decodeFlowed(text, part.params.delsp?.toLowerCase() === "yes");
  }
  return text;
}

/** The charset an HTML document declares in its first KiB, as browsers look for it. */
function sniffHtmlCharset(bytes: Buffer): string | undefined {
  const head = bytes.toString("latin1", 0, Math.min(bytes.length, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

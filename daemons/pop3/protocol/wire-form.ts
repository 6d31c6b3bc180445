/**
 * A message as RETR and TOP send it (RFC 1939 §3): lines end in CRLF (a bare LF becomes CRLF), a
 * line starting with "." gets one more "." in front (dot-stuffing), and the last line ends in CRLF.
 * The terminating ".\r\n" is not part of it. Pure.
 *
 * LIST and STAT report this form's length: RFC 1939 asks for "the exact size" of the message as it
 * would be sent, and the issue (#10) pins that to the bytes RETR sends, dot-stuffing included, so a
 * client that checks a download against LIST finds them equal. (Dovecot counts CRLF but not the
 * stuffed dots; the difference is a byte per line that starts with ".", rare outside quoted text.)
 */
export function toWireForm(raw: Buffer): Buffer {
  if (isAlreadyWireForm(raw)) return raw;
  const out = Buffer.allocUnsafe(raw.length * 2 + 3);
  let length = 0;
  let atLineStart = true;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (atLineStart && byte === 0x2e) out[length++] = 0x2e;
    if (byte === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) out[length++] = 0x0d;
    out[length++] = byte;
    atLineStart = byte === 0x0a;
  }
  if (!atLineStart) {
    out[length++] = 0x0d;
    out[length++] = 0x0a;
  }
  return Buffer.from(out.subarray(0, length));
}

/** The common case, checked without copying: CRLF throughout, ends in CRLF (or is empty), no line starts with ".". */
function isAlreadyWireForm(raw: Buffer): boolean {
  if (raw.length === 0) return true;
  if (raw[0] === 0x2e || raw[raw.length - 1] !== 0x0a) return false;
  let lf = raw.indexOf(0x0a);
  while (lf !== -1) {
    if (lf === 0 || raw[lf - 1] !== 0x0d) return false;
    if (raw[lf + 1] === 0x2e) return false;
    lf = raw.indexOf(0x0a, lf + 1);
  }
  return true;
}

/**
 * TOP msg n (RFC 1939 §7): the header, the blank line after it, and the first `bodyLines` lines of
 * the body, in wire form. A message without a blank line is all header.
 */
export function topOf(raw: Buffer, bodyLines: number): Buffer {
  const headerEnd = findHeaderEnd(raw);
  if (headerEnd === -1) return toWireForm(raw);
  let end = headerEnd;
  for (let n = 0; n < bodyLines && end < raw.length; n++) {
    const lf = raw.indexOf(0x0a, end);
    end = lf === -1 ? raw.length : lf + 1;
  }
  return toWireForm(raw.subarray(0, end));
}

/** The offset just past the blank line that ends the header (CRLF or LF), or -1. */
function findHeaderEnd(raw: Buffer): number {
  if (raw[0] === 0x0a) return 1;
  if (raw[0] === 0x0d && raw[1] === 0x0a) return 2;
  let lf = raw.indexOf(0x0a);
  while (lf !== -1) {
    if (raw[lf + 1] === 0x0a) return lf + 2;
    if (raw[lf + 1] === 0x0d && raw[lf + 2] === 0x0a) return lf + 3;
    lf = raw.indexOf(0x0a, lf + 1);
  }
  return -1;
}

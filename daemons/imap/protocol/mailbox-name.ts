// Mailbox names on the wire in modified UTF-7 (RFC 3501 §5.1.3, kept by RFC 9051 §5.1.3 for clients
// that have enabled neither UTF8=ACCEPT nor IMAP4rev2). Printable US-ASCII stands for itself, "&" is
// written "&-", and every other run of characters is "&" + modified base64 of its UTF-16BE code units
// + "-". Modified base64 is RFC 4648 base64 with "," for "/" and no "=" padding.

const PRINTABLE_FIRST = 0x20;
const PRINTABLE_LAST = 0x7e;
const AMPERSAND = "&";
const MODIFIED_BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/** The wire form of a mailbox name. Unpaired surrogates, which UTF-16 cannot carry, become U+FFFD. */
export function encodeMailboxName(utf8: string): string {
  const name = utf8.toWellFormed();
  let wire = "";
  let run = "";
  for (const char of name) {
    if (isPrintableAscii(char.charCodeAt(0))) {
      if (run) wire += encodeRun(run);
      run = "";
      wire += char === AMPERSAND ? "&-" : char;
    } else {
      run += char;
    }
  }
  return run ? wire + encodeRun(run) : wire;
}

/**
 * The name a wire form stands for, or null when it is not valid modified UTF-7: a character outside
 * printable US-ASCII, an "&" not closed by "-", a character outside the modified base64 alphabet,
 * leftover bits that do not make a character or are not zero, an unpaired surrogate, or a printable
 * US-ASCII character in base64 (RFC 3501 §5.1.3: it MUST represent itself), which would let two
 * spellings name one mailbox.
 */
export function decodeMailboxName(wire: string): string | null {
  let name = "";
  let pos = 0;
  while (pos < wire.length) {
    const code = wire.charCodeAt(pos);
    if (!isPrintableAscii(code)) return null;
    if (wire[pos] !== AMPERSAND) {
      name += wire[pos];
      pos += 1;
      continue;
    }
    const end = wire.indexOf("-", pos + 1);
    if (end < 0) return null;
    const run = wire.slice(pos + 1, end);
    if (run === "") {
      name += AMPERSAND;
    } else {
      const decoded = decodeRun(run);
      if (decoded === null) return null;
      name += decoded;
    }
    pos = end + 1;
  }
  return name;
}

function isPrintableAscii(code: number): boolean {
  return code >= PRINTABLE_FIRST && code <= PRINTABLE_LAST;
}

function encodeRun(run: string): string {
  const bytes = Buffer.alloc(run.length * 2);
  for (let i = 0; i < run.length; i++) bytes.writeUInt16BE(run.charCodeAt(i), i * 2);
  return `&${bytes.toString("base64").replace(/=+$/, "").replaceAll("/", ",")}-`;
}

function decodeRun(run: string): string | null {
  let text = "";
  let bits = 0;
  let bitCount = 0;
  for (const char of run) {
    const value = MODIFIED_BASE64_ALPHABET.indexOf(char);
    if (value < 0) return null;
    bits = (bits << 6) | value;
    bitCount += 6;
    if (bitCount >= 16) {
      bitCount -= 16;
      text += String.fromCharCode(bits >> bitCount);
      bits &= (1 << bitCount) - 1;
    }
  }
  // what is left over must be less than one base64 character and zero (RFC 4648 §3.5)
  if (text === "" || bitCount >= 6 || bits !== 0) return null;
  if (!text.isWellFormed()) return null;
  for (let i = 0; i < text.length; i++) if (isPrintableAscii(text.charCodeAt(i))) return null;
  return text;
}

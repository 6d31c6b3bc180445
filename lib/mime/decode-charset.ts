// Bytes in a declared charset to a JavaScript string, for any charset name a message may carry.
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { decode as decodeWithLibmime } from "libmime/lib/charset";

/** Names that mean UTF-8 or plain ASCII; 8-bit bytes under them are read as UTF-8 or windows-1252. */
const UTF8_OR_ASCII = /^(?:utf-?8|(?:us-?)?ascii|ansi_x3\.4-1968|iso646-us|7bit|8bit|unicode-1-1-utf-8)$/;
/** The Japanese charsets iconv-lite lacks; libmime decodes them with encoding-japanese. */
const JAPANESE = /^(?:iso-?2022-?jp|jis|csiso2022jp)/;
/**
 * iconv-lite codecs that no message text should be decoded with: UTF-7 smuggles markup past
 * filters ("+ADw-script+AD4-"), base64 and hex are transfer encodings, not charsets.
 */
const REFUSED = /^(?:utf-?7|unicode-1-1-utf-7|csunicode11utf7|utf7-?imap|base64|hex)$/;

/**
 * Decodes `bytes` declared to be in `charset`. Never throws: an unknown or refused charset, or one
 * that fails, falls back to UTF-8 when the bytes are valid UTF-8 and to windows-1252 (the superset of
 * latin1 that mail in "latin1" almost always is) otherwise.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const name = (charset ?? "").trim().replace(/^["']|["']$/g, "").toLowerCase();
  if (!name || UTF8_OR_ASCII.test(name) || REFUSED.test(name)) return decodeUnknown(bytes);
  try {
    if (JAPANESE.test(name)) return decodeWithLibmime(bytes, name);
    if (iconv.encodingExists(name)) return iconv.decode(bytes, name);
  } catch {
    // iconv-lite and encoding-japanese do not document throwing on bad input; fall through to the guess
  }
  return decodeUnknown(bytes);
}

function decodeUnknown(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString("utf8") : iconv.decode(bytes, "windows-1252");
}

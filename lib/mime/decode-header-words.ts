// RFC 2047 encoded-word decoding for display and search.
import libmime from "libmime";

/**
 * Decodes RFC 2047 encoded words ("=?iso-2022-jp?B?...?=") anywhere in a header value, joining adjacent
 * words as RFC 2047 §6.2 requires. Unknown charsets come out as UTF-8 with replacement characters.
 * On input libmime cannot handle the value is returned as it came, so a bad header never costs the message.
 */
export function decodeHeaderWords(value: string): string {
  if (!value.includes("=?")) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    // libmime does not document throwing; if it ever does, the raw value is the best we have
    return value;
  }
}

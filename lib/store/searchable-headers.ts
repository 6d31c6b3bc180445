import { readHeaderBlock } from "../mime/read-header-block.ts";
import { readFieldValue } from "../mime/read-field-value.ts";
import { decodeHeaderWords } from "../mime/decode-header-words.ts";

/**
 * The message's top-level header as searchable text: one "Name: decoded value" line per field,
 * so IMAP SEARCH HEADER/FROM/SUBJECT and webmail search match what the user sees, not RFC 2047.
 */
export function buildSearchableHeaders(raw: Buffer): string {
  const block = readHeaderBlock(raw, 0);
  return block.fields.map((field) => `${field.name}: ${decodeHeaderWords(readFieldValue(raw, field))}`).join("\n");
}

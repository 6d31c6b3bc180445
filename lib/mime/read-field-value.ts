// Turns the bytes of a header field into the unfolded string value.
import { isUtf8 } from "node:buffer";
import type { HeaderField } from "./read-header-block.ts";

/**
 * Decodes header bytes to a string: UTF-8 when the bytes are valid UTF-8 (RFC 6532 allows raw
 * UTF-8 in headers), otherwise latin1, one character per byte, so nothing is lost or replaced.
 */
export function decodeHeaderBytes(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes.toString("latin1");
}

/**
 * The value of a field, unfolded (RFC 5322 §2.2.3: the line breaks go, the white space after them
 * stays) and trimmed, raw otherwise: RFC 2047 encoded words are not decoded here.
 */
export function readFieldValue(raw: Buffer, field: HeaderField): string {
  const text = decodeHeaderBytes(raw.subarray(field.valueStart, field.end));
  return text.replace(/\r?\n|\r/g, "").trim();
}

/** The value of the first field with this lower-case name, or null when there is none. */
export function readFirstFieldValue(raw: Buffer, fields: readonly HeaderField[], name: string): string | null {
  const field = fields.find((candidate) => candidate.name === name);
  return field ? readFieldValue(raw, field) : null;
}

/** The values of every field with this lower-case name, in header order. */
export function readAllFieldValues(raw: Buffer, fields: readonly HeaderField[], name: string): string[] {
  return fields.filter((field) => field.name === name).map((field) => readFieldValue(raw, field));
}

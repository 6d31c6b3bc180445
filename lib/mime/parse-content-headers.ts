// Reads the MIME header fields of one entity (RFC 2045, RFC 2183, RFC 3282) into index fields.
import libmime from "libmime";
import type { MimePart } from "./message-index.ts";
import { readFieldValue } from "./read-field-value.ts";
import type { HeaderField } from "./read-header-block.ts";

export type ContentHeaders = Pick<
  MimePart,
  "type" | "subtype" | "params" | "encoding" | "id" | "description" | "disposition" | "language" | "location" | "md5"
>;

/** The media type an entity without Content-Type has: text/plain, or message/rfc822 inside multipart/digest (RFC 2046 §5.1.5). */
export type DefaultContentType = "text/plain" | "message/rfc822";

/** Reads Content-* fields; the first occurrence of each counts, as in Dovecot and mailsplit. */
export function parseContentHeaders(raw: Buffer, fields: readonly HeaderField[], defaultType: DefaultContentType): ContentHeaders {
  const values = new Map<string, string>();
  for (const field of fields) {
    if (field.name.startsWith("content-") && !values.has(field.name)) values.set(field.name, readFieldValue(raw, field));
  }

  const result: ContentHeaders = { ...readMediaType(values.get("content-type"), defaultType), encoding: readEncoding(values.get("content-transfer-encoding")) };
  // a field that is there but empty is kept as "": RFC 2045 §8 allows an empty description, and IMAP
  // then says "" where NIL would mean there is no such field (Dovecot does the same for all four)
  const id = values.get("content-id");
  if (id !== undefined) result.id = id;
  const description = values.get("content-description");
  if (description !== undefined) result.description = description;
  const disposition = values.get("content-disposition");
  if (disposition) {
    const parsed = parseStructuredValue(disposition);
    const type = parsed.value.trim().toLowerCase();
    if (type) result.disposition = { type, params: parsed.params };
  }
  const language = values.get("content-language");
  if (language) {
    const tags = language.split(",").map((tag) => tag.trim()).filter(Boolean);
    if (tags.length > 0) result.language = tags;
  }
  const location = values.get("content-location");
  if (location !== undefined) result.location = location;
  const md5 = values.get("content-md5");
  if (md5 !== undefined) result.md5 = md5;
  return result;
}

function readMediaType(value: string | undefined, defaultType: DefaultContentType): Pick<MimePart, "type" | "subtype" | "params"> {
  if (value !== undefined) {
    const parsed = parseStructuredValue(value);
    const mediaType = parsed.value.trim().toLowerCase();
    const slash = mediaType.indexOf("/");
    const type = mediaType.slice(0, Math.max(slash, 0)).trim();
    const subtype = mediaType.slice(slash + 1).trim().split(/\s/)[0];
    if (slash > 0 && type && subtype) return { type, subtype, params: parsed.params };
    // RFC 2045 §5.2: a Content-Type that does not parse means text/plain; charset=us-ascii
    return { type: "text", subtype: "plain", params: { charset: "us-ascii" } };
  }
  return defaultType === "message/rfc822"
    ? { type: "message", subtype: "rfc822", params: {} }
    : { type: "text", subtype: "plain", params: { charset: "us-ascii" } };
}

/** Content-Transfer-Encoding is a single token (RFC 2045 §6.1); a trailing comment or junk is ignored. */
function readEncoding(value: string | undefined): string {
  const token = /^[^\s(;]*/.exec((value ?? "").trim())?.[0] ?? "";
  return token.toLowerCase() || "7bit";
}

/**
 * Splits "value; key=val; ..." with RFC 2231 continuations and charsets decoded by libmime. Comments
 * are dropped, so that `boundary=b (comment)` names the boundary "b" (RFC 2045 §5.1 allows them).
 * Keys are lower case; values are copied into a fresh object so no key can reach a prototype. A
 * parameter given twice keeps its first value, as libmime reads it.
 */
function parseStructuredValue(value: string): { value: string; params: Record<string, string> } {
  const parsed = libmime.parseHeaderValue(value, { stripComments: true });
  const params: Record<string, string> = {};
  let assignedNames: Set<string> | undefined;
  for (const [key, param] of Object.entries(parsed.params ?? {})) {
    if (typeof param !== "string") continue;
    const name = key.toLowerCase();
    // RFC 2045 §5.1: parameter := attribute "=" value. libmime keeps a bare word ("text/plain;
    // Windows-1252") as a parameter with an empty value; it is no parameter, and Dovecot drops it too
    if (param === "" && !(assignedNames ??= listAssignedNames(value)).has(name)) continue;
    Object.defineProperty(params, name, { value: param, enumerable: true, writable: true, configurable: true });
  }
  return { value: typeof parsed.value === "string" ? parsed.value : "", params };
}

/**
 * The lower-case names followed by "=" after a ";" in a raw header value, RFC 2231 sections (name*,
 * name*0, name*0*) under their base name. One pass, so a header of many bare words costs no more.
 */
function listAssignedNames(value: string): Set<string> {
  const names = new Set<string>();
  for (const match of value.matchAll(/;\s*([^\s=;*]+)(?:\*[^\s=;]*)?\s*=/g)) names.add(match[1]!.toLowerCase());
  return names;
}

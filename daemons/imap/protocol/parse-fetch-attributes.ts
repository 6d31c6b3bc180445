// The data items of FETCH (RFC 9051 §6.4.5, RFC 3501 §6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ):
//   ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]
//   fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" ["." ("HEADER" / "TEXT")] / "RFC822.SIZE"
//             / "BODY" ["STRUCTURE"] / "UID" / "MODSEQ" / "BODY" [".PEEK"] section [partial]
//             / "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary
//   partial = "<" number64 "." nz-number64 ">";  section-binary = "[" [section-part] "]"

import { parseSectionSpec } from "../../../lib/mime/resolve-section.ts";
import type { FetchAttribute, Partial } from "./command.ts";
import type { TokenCursor } from "./parse-tokens.ts";

/** The attributes that are just a name. */
type SimpleAttributeType = Exclude<FetchAttribute["type"], "BODY" | "BODY[]" | "BINARY[]" | "BINARY.SIZE">;

const SIMPLE_ATTRIBUTES: ReadonlySet<string> = new Set<SimpleAttributeType>([
  "UID",
  "FLAGS",
  "INTERNALDATE",
  "RFC822.SIZE",
  "ENVELOPE",
  "BODYSTRUCTURE",
  "MODSEQ",
  "RFC822",
  "RFC822.HEADER",
  "RFC822.TEXT",
]);

const FAST: readonly FetchAttribute[] = [{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }];

/** The macros of RFC 3501 §6.4.5; they stand alone, never inside a parenthesized list. */
const MACROS: Record<string, readonly FetchAttribute[] | undefined> = {
  FAST,
  ALL: [...FAST, { type: "ENVELOPE" }],
  // BODY here is the non-extensible BODYSTRUCTURE.
  FULL: [...FAST, { type: "ENVELOPE" }, { type: "BODY" }],
};

export type FetchModifiers = { changedSince: bigint | null; vanished: boolean };

/** The attributes of a FETCH: a macro, one attribute, or a parenthesized list of them. */
export function readFetchAttributes(cursor: TokenCursor): FetchAttribute[] | null {
  if (cursor.isAt("(")) return cursor.readList("fetch attribute list", () => readFetchAttribute(cursor), { allowsEmpty: false });
  const keyword = cursor.peekKeyword();
  const macro = MACROS[keyword];
  if (macro) {
    cursor.skipKeyword(keyword);
    return macro.map((attribute) => ({ ...attribute }));
  }
  const attribute = readFetchAttribute(cursor);
  return attribute === null ? null : [attribute];
}

function readFetchAttribute(cursor: TokenCursor): FetchAttribute | null {
  const name = cursor.readWhile(isAttributeNameByte).toUpperCase();
  if (name === "") return cursor.failAt("fetch attribute");
  const hasSection = cursor.isAt("[");
  if (!hasSection && SIMPLE_ATTRIBUTES.has(name)) return { type: name as SimpleAttributeType };
  if (!hasSection && name === "BODY") return { type: "BODY" };
  if (hasSection && (name === "BODY" || name === "BODY.PEEK")) return readBodySection(cursor, name === "BODY.PEEK");
  if (hasSection && (name === "BINARY" || name === "BINARY.PEEK" || name === "BINARY.SIZE")) {
    const part = readBinarySection(cursor);
    if (part === null) return null;
    if (name === "BINARY.SIZE") return { type: "BINARY.SIZE", part };
    const partial = readOptionalPartial(cursor);
    if (partial === undefined) return null;
    return { type: "BINARY[]", peek: name === "BINARY.PEEK", part, partial };
  }
  if (["BINARY", "BINARY.PEEK", "BINARY.SIZE", "BODY.PEEK"].includes(name)) return cursor.fail(`Missing section after ${name}`);
  return cursor.fail("Unknown fetch attribute");
}

/**
 * BODY[section]<partial>. The section text goes to parseSectionSpec; a HEADER.FIELDS list is read with
 * the full astring grammar first (its names may be quoted or literals) and handed on quoted.
 */
function readBodySection(cursor: TokenCursor, peek: boolean): FetchAttribute | null {
  cursor.skip("[");
  let spec = cursor.readWhile(isAttributeNameByte);
  if (cursor.skip(" ")) {
    const fields = cursor.readList("header list", () => cursor.readAstring("header field name"), { allowsEmpty: false });
    if (fields === null) return null;
    spec += ` (${fields.map(quoteFieldName).join(" ")})`;
  }
  if (!cursor.expect("]", "Invalid section")) return null;
  const section = parseSectionSpec(spec);
  if (section === null) return cursor.fail("Invalid section");
  const partial = readOptionalPartial(cursor);
  if (partial === undefined) return null;
  return { type: "BODY[]", peek, section, partial };
}

/** section-binary = "[" [section-part] "]": part numbers only. */
function readBinarySection(cursor: TokenCursor): number[] | null {
  cursor.skip("[");
  const spec = cursor.readWhile(isAttributeNameByte);
  if (!cursor.expect("]", "Invalid binary section")) return null;
  const section = parseSectionSpec(spec);
  if (section === null || section.text !== null) return cursor.fail("Invalid binary section");
  return section.part;
}

/** "<" offset "." length ">", the length at least 1: null when absent, undefined after a failure. */
function readOptionalPartial(cursor: TokenCursor): Partial | null | undefined {
  if (!cursor.skip("<")) return null;
  const offset = cursor.readSafeNumber("partial offset");
  if (offset === null || !cursor.expect(".", "Invalid partial")) return undefined;
  const length = cursor.readSafeNumber("partial length", 1n);
  if (length === null || !cursor.expect(">", "Invalid partial")) return undefined;
  return { offset, length };
}

type FetchModifier = { name: "CHANGEDSINCE"; modseq: bigint } | { name: "VANISHED" };

/**
 * fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")" (RFC 4466 §2.4), after the SP:
 * CHANGEDSINCE mod-sequence-value and VANISHED (RFC 7162 §3.1.4, §3.2.6), each at most once.
 */
export function readFetchModifiers(cursor: TokenCursor): FetchModifiers | null {
  const list = cursor.readList("fetch modifier list", () => readFetchModifier(cursor), { allowsEmpty: false });
  if (list === null) return null;
  const names = list.map((modifier) => modifier.name);
  if (new Set(names).size < names.length) return cursor.fail("Duplicate fetch modifier");
  let changedSince: bigint | null = null;
  for (const modifier of list) if (modifier.name === "CHANGEDSINCE") changedSince = modifier.modseq;
  return { changedSince, vanished: names.includes("VANISHED") };
}

function readFetchModifier(cursor: TokenCursor): FetchModifier | null {
  const name = cursor.readKeyword("fetch modifier");
  if (name === null) return null;
  if (name === "VANISHED") return { name };
  if (name !== "CHANGEDSINCE") return cursor.fail("Unknown fetch modifier");
  if (!cursor.expectSpace("CHANGEDSINCE value")) return null;
  const modseq = cursor.readModSequence("CHANGEDSINCE value", false);
  return modseq === null ? null : { name, modseq };
}

function quoteFieldName(name: string): string {
  return `"${name.replace(/["\\]/g, "\\$&")}"`;
}

/** Letters, digits and "." make up attribute names and section specs ("BODY.PEEK", "1.2.HEADER.FIELDS"). */
function isAttributeNameByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2e;
}

import { canonicalAttributeName } from "./attribute-names.ts";
import { encodeAttribute, encodeString } from "./ber.ts";
import type { AttributeMap } from "./contact-attributes.ts";
import { normalizeOwnDn } from "./directory-names.ts";

/** One entry of the directory, with what matching needs prepared at once and what answering needs on first use. */
export type DirectoryEntry = {
  dn: string;
  normalizedDn: string;
  attributes: AttributeMap;
  /** Canonical lower-case attribute name → lower-case values, for case-insensitive matching. */
  lower: Map<string, string[]>;
  encoding: EntryEncoding | null;
};

/** The entry's BER pieces, made when it is first sent (most entries of a big book never are). */
export type EntryEncoding = {
  dn: Buffer;
  /** Canonical lower-case attribute name → the encoded PartialAttribute. */
  byName: Map<string, Buffer>;
  /** Every attribute, in order: the answer to "all attributes". */
  all: Buffer[];
};

export function makeEntry(dn: string, attributes: AttributeMap): DirectoryEntry {
  const lower = new Map<string, string[]>();
  for (const [name, values] of Object.entries(attributes)) lower.set(canonicalAttributeName(name), values.map((value) => value.toLowerCase()));
  return { dn, normalizedDn: normalizeOwnDn(dn), attributes, lower, encoding: null };
}

export function encodingOf(entry: DirectoryEntry): EntryEncoding {
  if (!entry.encoding) {
    const byName = new Map<string, Buffer>();
    const all: Buffer[] = [];
    for (const [name, values] of Object.entries(entry.attributes)) {
      const bytes = encodeAttribute(name, values);
      byName.set(canonicalAttributeName(name), bytes);
      all.push(bytes);
    }
    entry.encoding = { dn: encodeString(entry.dn), byName, all };
  }
  return entry.encoding;
}

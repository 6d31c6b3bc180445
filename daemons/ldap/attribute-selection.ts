import { canonicalAttributeName } from "./attribute-names.ts";
import { encodeAttribute } from "./ber.ts";
import { encodingOf, type DirectoryEntry } from "./directory-entry.ts";

/** Which attributes a search asked for (RFC 4511 §4.5.1.8): none listed or "*" is all of them, "1.1" none. */
export type AttributeSelection = { all: boolean; names: string[] };

export function selectAttributes(requested: readonly string[] | undefined): AttributeSelection {
  const list = (requested ?? []).map((name) => name.trim()).filter(Boolean);
  if (list.length === 0) return { all: true, names: [] };
  const all = list.includes("*");
  // "+" asks for operational attributes: contacts and books have none to give.
  const names = [...new Set(list.filter((name) => name !== "*" && name !== "+" && name !== "1.1").map(canonicalAttributeName))];
  return { all, names };
}

/** The entry's encoded attributes as selected; with `typesOnly`, the names without values. */
export function encodedAttributesOf(entry: DirectoryEntry, selection: AttributeSelection, typesOnly: boolean): Buffer[] {
  if (typesOnly) {
    const names = selection.all ? Object.keys(entry.attributes) : Object.keys(entry.attributes).filter((name) => selection.names.includes(canonicalAttributeName(name)));
    return names.map((name) => encodeAttribute(name, [], true));
  }
  const encoding = encodingOf(entry);
  if (selection.all) return encoding.all;
  const chosen: Buffer[] = [];
  for (const name of selection.names) {
    const bytes = encoding.byName.get(name);
    if (bytes) chosen.push(bytes);
  }
  return chosen;
}

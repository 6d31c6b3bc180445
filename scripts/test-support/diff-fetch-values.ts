// Compares two servers' answers to one FETCH item (ENVELOPE, BODYSTRUCTURE or BODY) value by value,
// naming each difference by its place ("body.2.parameters[1]", "envelope.from[0].name") and by the
// field it is (RFC 9051 §7.5.2), so that a test can accept documented kinds of difference and no others.
import type { WireValue } from "./raw-imap-client.ts";

export type FetchItem = "ENVELOPE" | "BODYSTRUCTURE" | "BODY";

/** One value of a flattened item. `listPath` names the envelope address list it is in, `partPath` its body part. */
export type FlatValue = { path: string; field: string; value: WireValue; listPath?: string; partPath?: string };

/** Every value of one item by path, and each envelope address list whole by its path. */
export type FlattenedItem = { values: Map<string, FlatValue>; addressLists: Map<string, WireValue> };

/** One differing value, ABSENT on the side that has nothing at that place. */
export type Difference = { path: string; field: string; dovecot: WireValue; ours: WireValue; listPath?: string; partPath?: string };

export const ABSENT: WireValue = { kind: "atom", text: "(absent)" };

const ENVELOPE_FIELDS = ["date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id"];
const FIRST_ADDRESS_FIELD = 2;
const LAST_ADDRESS_FIELD = 7;
const ADDRESS_FIELDS = ["name", "adl", "mailbox", "host"];

/** Every value of one FETCH item by its path. */
export function flattenItem(item: FetchItem, value: WireValue): FlattenedItem {
  const flattened: FlattenedItem = { values: new Map(), addressLists: new Map() };
  if (item === "ENVELOPE") flattenEnvelope(flattened, "envelope", value);
  else flattenBody(flattened, "body", value);
  return flattened;
}

/** The values that differ between Dovecot's item and ours. */
export function diffFlattenedItems(dovecot: FlattenedItem, ours: FlattenedItem): Difference[] {
  const differences: Difference[] = [];
  for (const path of new Set([...dovecot.values.keys(), ...ours.values.keys()])) {
    const theirs = dovecot.values.get(path);
    const mine = ours.values.get(path);
    if (theirs && mine && isSameValue(theirs.value, mine.value)) continue;
    const { field, listPath, partPath } = (theirs ?? mine)!;
    differences.push({ path, field, dovecot: theirs?.value ?? ABSENT, ours: mine?.value ?? ABSENT, listPath, partPath });
  }
  return differences;
}

/** A value as IMAP-like text, literals marked, for failure messages. */
export function showWireValue(value: WireValue): string {
  switch (value.kind) {
    case "nil":
      return "NIL";
    case "atom":
      return value.text;
    case "string":
      return `${value.isLiteral ? "literal " : ""}${JSON.stringify(value.bytes.toString("latin1"))}`;
    case "list":
      return `(${value.items.map(showWireValue).join(" ")})`;
  }
}

function flattenEnvelope(flattened: FlattenedItem, path: string, envelope: WireValue): void {
  const add = (value: FlatValue): void => void flattened.values.set(value.path, value);
  if (envelope.kind !== "list") return add({ path, field: "envelope", value: envelope });
  envelope.items.forEach((value, i) => {
    const field = ENVELOPE_FIELDS[i] ?? `field${i}`;
    const fieldPath = `${path}.${field}`;
    if (i < FIRST_ADDRESS_FIELD || i > LAST_ADDRESS_FIELD) return add({ path: fieldPath, field, value });
    flattened.addressLists.set(fieldPath, value);
    const listPath = fieldPath;
    if (value.kind !== "list") return add({ path: fieldPath, field, value, listPath });
    value.items.forEach((address, n) => {
      if (address.kind !== "list") return add({ path: `${listPath}[${n}]`, field: "address", value: address, listPath });
      address.items.forEach((part, k) => add({ path: `${listPath}[${n}].${ADDRESS_FIELDS[k]}`, field: ADDRESS_FIELDS[k] ?? "address", value: part, listPath }));
    });
  });
}

/** Names the fields of a body (RFC 9051 body-type-1part, body-type-mpart) by their position. */
function flattenBody(flattened: FlattenedItem, path: string, body: WireValue): void {
  const add = (value: FlatValue): void => void flattened.values.set(value.path, { ...value, partPath: path });
  if (body.kind !== "list") return add({ path, field: "body", value: body });
  const partCount = body.items.findIndex((item) => item.kind !== "list");
  let fields: string[];
  if (partCount > 0) {
    body.items.slice(0, partCount).forEach((part, i) => flattenBody(flattened, `${path}.${i + 1}`, part));
    fields = [...Array<string>(partCount).fill("part"), "subtype", "parameters", "disposition", "language", "location"];
  } else {
    const [type, subtype] = body.items.map((item) => (item.kind === "string" ? item.bytes.toString("latin1").toLowerCase() : ""));
    const typeSpecific = type === "text" ? ["lines"] : type === "message" && subtype === "rfc822" ? ["envelope", "body", "lines"] : [];
    fields = ["type", "subtype", "parameters", "id", "description", "encoding", "size", ...typeSpecific, "md5", "disposition", "language", "location"];
  }
  body.items.forEach((value, i) => {
    const field = fields[i] ?? `field${i}`;
    const where = `${path}.${field}`;
    if (field === "part") return;
    if (field === "envelope") return flattenEnvelope(flattened, where, value);
    if (field === "body") return flattenBody(flattened, where, value);
    if (field === "parameters") return flattenParameters(flattened, path, where, value);
    if (field === "disposition" && value.kind === "list") {
      add({ path: `${where}.type`, field, value: value.items[0] ?? ABSENT });
      return flattenParameters(flattened, path, `${where}.parameters`, value.items[1] ?? ABSENT);
    }
    add({ path: where, field, value });
  });
}

function flattenParameters(flattened: FlattenedItem, partPath: string, path: string, params: WireValue): void {
  if (params.kind !== "list") return void flattened.values.set(path, { path, field: "parameters", value: params, partPath });
  params.items.forEach((value, k) => {
    const where = `${path}[${k}]`;
    flattened.values.set(where, { path: where, field: k % 2 === 0 ? "parameter name" : "parameter value", value, partPath });
  });
}

/** Equal values in the same form: a literal and a quoted string with the same bytes differ here. */
function isSameValue(a: WireValue, b: WireValue): boolean {
  if (a.kind === "string" && b.kind === "string") return a.bytes.equals(b.bytes) && a.isLiteral === b.isLiteral;
  if (a.kind === "list" && b.kind === "list") return a.items.length === b.items.length && a.items.every((item, i) => isSameValue(item, b.items[i]!));
  if (a.kind === "atom" && b.kind === "atom") return a.text === b.text;
  return a.kind === b.kind;
}

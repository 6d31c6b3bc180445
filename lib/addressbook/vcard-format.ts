import type { ContactFieldsInput, ContactFieldsValue } from "./contact-input.ts";

// vCard 4.0 (RFC 6350) reading and writing, pure. vCard 3.0 (RFC 2426) cards are read as well: the
// escapes and folding are the same, TYPE values may come bare (`TEL;WORK;VOICE:`) or as a list.

/** A card read from a file: where it starts, its fields, and for each field the line it came from. */
export type ParsedCard = { line: number; contact: ContactFieldsInput; lineOf: (path: PropertyKey[]) => number };
export type ImportProblem = { line: number; message: string };

type ContentLine = { line: number; raw: string; name: string; params: Map<string, string[]>; value: string };

/** RFC 6350 §3.2: a line starting with a space or tab continues the previous one. */
export function unfoldLines(text: string): { line: number; text: string }[] {
  const logical: { line: number; text: string }[] = [];
  text.split(/\r\n|\n|\r/).forEach((physical, index) => {
    const last = logical[logical.length - 1];
    if (last && (physical.startsWith(" ") || physical.startsWith("\t"))) last.text += physical.slice(1);
    else logical.push({ line: index + 1, text: physical });
  });
  return logical.filter((l) => l.text.trim() !== "");
}

function parseContentLine(line: number, raw: string): ContentLine | undefined {
  let i = 0;
  while (i < raw.length && raw[i] !== ";" && raw[i] !== ":") i++;
  const fullName = raw.slice(0, i);
  if (!/^([A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$/.test(fullName)) return undefined;
  const name = fullName.slice(fullName.indexOf(".") + 1).toUpperCase();
  const params = new Map<string, string[]>();
  while (raw[i] === ";") {
    const start = ++i;
    let quoted = false;
    while (i < raw.length && (quoted || (raw[i] !== ";" && raw[i] !== ":"))) {
      if (raw[i] === '"') quoted = !quoted;
      i++;
    }
    const param = raw.slice(start, i);
    const eq = param.indexOf("=");
    // vCard 2.1/3.0 writers send bare types: TEL;WORK;VOICE:
    const [key, values] = eq < 0 ? ["TYPE", param] : [param.slice(0, eq).toUpperCase(), param.slice(eq + 1)];
    const list = splitParamValues(values);
    params.set(key, [...(params.get(key) ?? []), ...(key === "TYPE" ? list.flatMap((v) => v.split(",")).map((v) => v.toLowerCase()) : list)]);
  }
  if (raw[i] !== ":") return undefined;
  return { line, raw, name, params, value: raw.slice(i + 1) };
}

function splitParamValues(values: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of values) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out.filter(Boolean);
}

/** Splits on `separator` where it is not escaped by a backslash; escapes stay for unescapeText. */
function splitEscaped(value: string, separator: ";" | ","): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "\\" && i + 1 < value.length) {
      current += value[i]! + value[i + 1]!;
      i++;
    } else if (value[i] === separator) {
      parts.push(current);
      current = "";
    } else current += value[i];
  }
  parts.push(current);
  return parts;
}

/** RFC 6350 §3.4: `\\`, `\,`, `\;` and `\n` (or `\N`). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\r\n|\r|\n/g, "\\n");
}

const listValue = (component: string) => splitEscaped(component, ",").map(unescapeText).filter(Boolean);

function emailType(types: string[]): "work" | "home" | "other" {
  return types.includes("work") ? "work" : types.includes("home") ? "home" : "other";
}

function phoneType(types: string[]): "work" | "home" | "mobile" | "fax" | "other" {
  if (types.includes("fax")) return "fax";
  if (types.includes("cell")) return "mobile";
  return emailType(types);
}

/** A text number, or a tel: URI (RFC 3966) as vCard 4.0 prefers, with its extension as " x123". */
function readPhoneNumber(value: string): string {
  const text = unescapeText(value);
  if (!/^tel:/i.test(text)) return text;
  const [number = "", ...params] = text.slice(4).split(";");
  const extension = params.find((p) => /^ext=/i.test(p))?.slice(4);
  return extension ? `${number} x${extension}` : number;
}

/** YYYYMMDD, YYYY-MM-DD (with or without a time), --MMDD, --MM-DD; undefined for anything else. */
function readBirthday(value: string): string | undefined {
  const full = /^(\d{4})-?(\d{2})-?(\d{2})(T.*)?$/.exec(value.trim());
  if (full) return `${full[1]}-${full[2]}-${full[3]}`;
  const partial = /^--(\d{2})-?(\d{2})$/.exec(value.trim());
  return partial ? `--${partial[1]}-${partial[2]}` : undefined;
}

// Written by us on export, so not kept: our own PRODID would pile up otherwise.
const DROPPED = new Set(["VERSION", "PRODID"]);

/** Reads every card of a .vcf file; problems carry the line they were found on. */
export function parseVcards(text: string): { cards: ParsedCard[]; problems: ImportProblem[] } {
  const cards: ParsedCard[] = [];
  const problems: ImportProblem[] = [];
  let current: ContentLine[] | null = null;
  let beginLine = 0;
  for (const { line, text: raw } of unfoldLines(text.replace(/^\uFEFF/, ""))) {
    const parsed = parseContentLine(line, raw);
    if (!parsed) {
      problems.push({ line, message: "not a vCard property line (NAME:value)" });
      continue;
    }
    if (parsed.name === "BEGIN" && parsed.value.trim().toUpperCase() === "VCARD") {
      if (current) problems.push({ line: beginLine, message: "card not closed with END:VCARD" });
      current = [];
      beginLine = line;
    } else if (parsed.name === "END" && parsed.value.trim().toUpperCase() === "VCARD") {
      if (!current) problems.push({ line, message: "END:VCARD without BEGIN:VCARD" });
      else {
        const card = readCard(beginLine, current);
        if ("message" in card) problems.push(card);
        else cards.push(card);
      }
      current = null;
    } else if (!current) {
      problems.push({ line, message: "property outside BEGIN:VCARD … END:VCARD" });
    } else current.push(parsed);
  }
  if (current) problems.push({ line: beginLine, message: "card not closed with END:VCARD" });
  return { cards, problems };
}

function readCard(line: number, props: ContentLine[]): ParsedCard | ImportProblem {
  const version = props.find((p) => p.name === "VERSION")?.value.trim();
  if (!version) return { line, message: "card without VERSION" };
  if (version !== "3.0" && version !== "4.0") return { line, message: `vCard version ${version.slice(0, 10)} is not supported (3.0 and 4.0 are)` };

  const fields: Record<string, string> = {};
  const contact = { emails: [] as ContactFieldsValue["emails"], phones: [] as ContactFieldsValue["phones"], addresses: [] as ContactFieldsValue["addresses"] };
  const fieldLines = new Map<string, number>();
  const listLines = { emails: [] as number[], phones: [] as number[], addresses: [] as number[] };
  const extra: string[] = [];
  const setOnce = (field: keyof ContactFieldsValue, value: string, prop: ContentLine): void => {
    if (fieldLines.has(field)) extra.push(prop.raw);
    else {
      fields[field] = value;
      fieldLines.set(field, prop.line);
    }
  };

  for (const prop of props) {
    const types = prop.params.get("TYPE") ?? [];
    switch (prop.name) {
      case "FN":
        setOnce("displayName", unescapeText(prop.value), prop);
        break;
      case "N": {
        if (fieldLines.has("familyName")) {
          extra.push(prop.raw);
          break;
        }
        const [family = "", given = ""] = splitEscaped(prop.value, ";").map((c) => listValue(c).join(" "));
        setOnce("familyName", family, prop);
        setOnce("givenName", given, prop);
        break;
      }
      case "NICKNAME":
        setOnce("nickname", listValue(prop.value).join(", "), prop);
        break;
      case "EMAIL":
        contact.emails.push({ type: emailType(types), address: unescapeText(prop.value) });
        listLines.emails.push(prop.line);
        break;
      case "TEL":
        contact.phones.push({ type: phoneType(types), number: readPhoneNumber(prop.value) });
        listLines.phones.push(prop.line);
        break;
      case "ADR": {
        const [poBox = "", extended = "", street = "", locality = "", region = "", postalCode = "", country = ""] = splitEscaped(prop.value, ";").map((c) =>
          listValue(c).join("\n"),
        );
        contact.addresses.push({ type: emailType(types), street: [poBox, extended, street].filter(Boolean).join("\n"), locality, region, postalCode, country });
        listLines.addresses.push(prop.line);
        break;
      }
      case "ORG": {
        if (fieldLines.has("organization")) {
          extra.push(prop.raw);
          break;
        }
        const [organization = "", ...units] = splitEscaped(prop.value, ";").map(unescapeText);
        setOnce("organization", organization, prop);
        setOnce("department", units.filter(Boolean).join(", "), prop);
        break;
      }
      case "TITLE":
        setOnce("title", unescapeText(prop.value), prop);
        break;
      case "URL":
        setOnce("url", unescapeText(prop.value), prop);
        break;
      case "BDAY": {
        const birthday = readBirthday(prop.value);
        // A birthday given as text ("circa 1800") is kept as it came.
        if (birthday === undefined) extra.push(prop.raw);
        else setOnce("birthday", birthday, prop);
        break;
      }
      case "NOTE":
        setOnce("notes", unescapeText(prop.value), prop);
        break;
      default:
        if (!DROPPED.has(prop.name)) extra.push(prop.raw);
    }
  }
  const card: ContactFieldsInput = { ...fields, ...contact, extraVcard: extra.join("\n") };
  const lineOf = (path: PropertyKey[]): number => {
    const [field, index] = path;
    if (field === "emails" || field === "phones" || field === "addresses") return listLines[field][Number(index)] ?? line;
    return fieldLines.get(String(field)) ?? line;
  };
  return { line, contact: card, lineOf };
}

/** RFC 6350 §3.2: lines longer than 75 octets are folded (never inside a UTF-8 sequence). */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    // Continuation lines start with a space, which counts towards their 75 octets.
    if (bytes + size > (pieces.length === 0 ? 75 : 74)) {
      pieces.push(current);
      current = "";
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

const TEL_TYPES = { work: "work", home: "home", mobile: "cell", fax: "fax", other: "" } as const;

function birthdayValue(birthday: string): string {
  return birthday.startsWith("--") ? birthday.replace(/-/g, "").replace(/^/, "--") : birthday.replace(/-/g, "");
}

/** One vCard 4.0, lines folded and ending in CRLF. */
export function formatVcard(contact: ContactFieldsValue): string {
  const lines = ["BEGIN:VCARD", "VERSION:4.0"];
  const typed = (type: string) => (type && type !== "other" ? `;TYPE=${type}` : "");
  const fn = contact.displayName || [contact.givenName, contact.familyName].filter(Boolean).join(" ") || contact.organization || contact.emails[0]?.address || contact.nickname;
  lines.push(`FN:${escapeText(fn)}`);
  if (contact.givenName || contact.familyName) lines.push(`N:${escapeText(contact.familyName)};${escapeText(contact.givenName)};;;`);
  if (contact.nickname) lines.push(`NICKNAME:${escapeText(contact.nickname)}`);
  for (const email of contact.emails) lines.push(`EMAIL${typed(email.type)}:${escapeText(email.address)}`);
  for (const phone of contact.phones) lines.push(`TEL${typed(TEL_TYPES[phone.type])}:${escapeText(phone.number)}`);
  for (const a of contact.addresses) lines.push(`ADR${typed(a.type)}:;;${[a.street, a.locality, a.region, a.postalCode, a.country].map(escapeText).join(";")}`);
  if (contact.organization || contact.department) lines.push(`ORG:${escapeText(contact.organization)}${contact.department ? `;${escapeText(contact.department)}` : ""}`);
  if (contact.title) lines.push(`TITLE:${escapeText(contact.title)}`);
  if (contact.url) lines.push(`URL:${contact.url}`);
  if (contact.birthday) lines.push(`BDAY:${birthdayValue(contact.birthday)}`);
  if (contact.notes) lines.push(`NOTE:${escapeText(contact.notes)}`);
  for (const extra of contact.extraVcard.split("\n")) if (extra) lines.push(extra);
  lines.push("END:VCARD");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

import { AppError } from "../errors.ts";
import type { SearchKey } from "./search-messages.ts";
import { dayStartInZone } from "./day-start-in-zone.ts";

// The webmail's one search box, Gmail-style: `from:bob subject:"quarterly report" -is:read
// has:attachment after:2026-01-01 in:Archive invoice`. Terms are ANDed; `OR` between two terms
// joins them (it binds tighter than the implied AND, as in Gmail); `-` negates a term. Unknown
// `word:` prefixes are plain text ("re:", a URL), so only the operators below are ever refused.

/** Longest query taken: far beyond what anyone types, short enough that parsing and searching stay cheap. */
export const MAX_SEARCH_QUERY_LENGTH = 1000;
/** Most terms in a query: each becomes a full-text or header lookup per folder. */
const MAX_TERMS = 30;

export type MailSearch = {
  key: SearchKey;
  /** `in:<name>`: search only this folder (by name, as the user typed it). */
  folderName?: string;
  /** `in:all`: every folder but Trash and Junk, whatever folder the list shows. */
  isAllFolders?: boolean;
};

type Token = { kind: "term"; isNegated: boolean; operator: string | null; value: string; isQuoted: boolean } | { kind: "or" };

const OPERATORS = new Set(["from", "to", "cc", "subject", "has", "is", "before", "after", "in", "larger", "smaller"]);

/**
 * Turns a search box's text into the store's search criteria. Dates are days in `timeZone` (a
 * day starts at its midnight there): `after:D` is on or after D, `before:D` before D. Throws
 * INVALID_INPUT naming the operator or value it cannot take.
 */
export function parseMailSearch(query: string, options: { now: Date; timeZone: string }): MailSearch {
  if (query.length > MAX_SEARCH_QUERY_LENGTH) throw new AppError("INVALID_INPUT", `The search is too long (at most ${MAX_SEARCH_QUERY_LENGTH} characters).`);
  const tokens = tokenize(query);
  if (tokens.filter((t) => t.kind === "term").length > MAX_TERMS) throw new AppError("INVALID_INPUT", `The search has too many terms (at most ${MAX_TERMS}).`);
  const search: MailSearch = { key: { type: "all" } };
  const keys: SearchKey[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "or") throw new AppError("INVALID_INPUT", "OR needs a search term on each side.");
    if (token.operator === "in") {
      if (token.isNegated || tokens[i - 1]?.kind === "or" || tokens[i + 1]?.kind === "or") throw new AppError("INVALID_INPUT", "in: names one folder to search; it cannot be negated or joined with OR.");
      if (search.folderName !== undefined || search.isAllFolders) throw new AppError("INVALID_INPUT", "in: may be given only once.");
      if (token.value === "") throw new AppError("INVALID_INPUT", "in: needs a folder name, or in:all.");
      if (token.value.toLowerCase() === "all" && !token.isQuoted) search.isAllFolders = true;
      else search.folderName = token.value;
      continue;
    }
    let key = toKey(token, options);
    while (tokens[i + 1]?.kind === "or") {
      const right = tokens[i + 2];
      if (right?.kind !== "term") throw new AppError("INVALID_INPUT", "OR needs a search term on each side.");
      if (right.operator === "in") throw new AppError("INVALID_INPUT", "in: names one folder to search; it cannot be negated or joined with OR.");
      key = { type: "or", left: key, right: toKey(right, options) };
      i += 2;
    }
    keys.push(key);
  }
  if (keys.length === 1) search.key = keys[0]!;
  else if (keys.length > 1) search.key = { type: "and", keys };
  return search;
}

/** Splits the text into terms (`-op:value`, `op:"quoted value"`, `"phrase"`, `word`) and OR. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    const start = i;
    const isNegated = query[i] === "-" && i + 1 < query.length && !/\s/.test(query[i + 1]!);
    if (isNegated) i++;
    let operator: string | null = null;
    const prefix = /^([a-zA-Z]+):/.exec(query.slice(i, i + 12));
    if (prefix && OPERATORS.has(prefix[1]!.toLowerCase())) {
      operator = prefix[1]!.toLowerCase();
      i += prefix[0].length;
    }
    let value: string;
    let isQuoted = false;
    if (query[i] === '"') {
      const end = query.indexOf('"', i + 1);
      if (end === -1) throw new AppError("INVALID_INPUT", `The quote opened at character ${i + 1} is never closed.`);
      value = query.slice(i + 1, end);
      isQuoted = true;
      i = end + 1;
    } else {
      const end = query.slice(i).search(/\s/);
      value = end === -1 ? query.slice(i) : query.slice(i, i + end);
      i = end === -1 ? query.length : i + end;
    }
    if (!isNegated && operator === null && !isQuoted && value === "OR") tokens.push({ kind: "or" });
    else if (value === "" && operator === null) continue; // an empty phrase ("") asks for nothing
    else tokens.push({ kind: "term", isNegated, operator, value, isQuoted });
    if (i === start) i++;
  }
  return tokens;
}

function toKey(token: Extract<Token, { kind: "term" }>, options: { timeZone: string }): SearchKey {
  const key = positiveKey(token, options);
  return token.isNegated ? { type: "not", key } : key;
}

function positiveKey(token: Extract<Token, { kind: "term" }>, options: { timeZone: string }): SearchKey {
  const { operator, value } = token;
  if (operator === null) return { type: "text", where: "text", value };
  const label = `${operator}:`;
  switch (operator) {
    case "from":
    case "subject":
      // From the message's columns, not its header bytes: far cheaper for a common word.
      return { type: "summary", field: operator, value: needValue(label, value) };
    case "cc":
      return { type: "header", field: operator, value: needValue(label, value) };
    case "to": {
      // "to:" means any recipient the message names, as in Gmail: To or Cc.
      const wanted = needValue(label, value);
      return { type: "or", left: { type: "header", field: "to", value: wanted }, right: { type: "header", field: "cc", value: wanted } };
    }
    case "has":
      if (/^attachments?$/i.test(value)) return { type: "hasAttachments" };
      throw new AppError("INVALID_INPUT", `has: takes "attachment", not "${shorten(value)}".`);
    case "is":
      return isKey(value);
    case "before":
    case "after":
      return { type: "receivedAt", op: operator === "before" ? "before" : "since", at: dayStartInZone(readDay(label, value), options.timeZone) };
    case "larger":
    case "smaller":
      return { type: "size", op: operator, bytes: readSize(label, value) };
    default:
      throw new AppError("INVALID_INPUT", `Unknown search operator ${label}`);
  }
}

const IS_KEYS: Record<string, SearchKey> = {
  unread: { type: "flag", flag: "\\Seen", isSet: false },
  read: { type: "flag", flag: "\\Seen", isSet: true },
  flagged: { type: "flag", flag: "\\Flagged", isSet: true },
  starred: { type: "flag", flag: "\\Flagged", isSet: true },
  answered: { type: "flag", flag: "\\Answered", isSet: true },
};

function isKey(value: string): SearchKey {
  const key = IS_KEYS[value.toLowerCase()];
  if (!key) throw new AppError("INVALID_INPUT", `is: takes unread, read, flagged or answered, not "${shorten(value)}".`);
  return key;
}

function needValue(label: string, value: string): string {
  if (value.trim() === "") throw new AppError("INVALID_INPUT", `${label} needs something to look for.`);
  return value;
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused, not rolled over). */
function readDay(label: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value || Number(match[1]) < 1970) {
    throw new AppError("INVALID_INPUT", `${label} takes a date written YYYY-MM-DD, not "${shorten(value)}".`);
  }
  return value;
}

const SIZE_UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes from `10M`, `500k`, `2000`: K, M and G are powers of 1024. */
function readSize(label: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(value);
  const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes)) throw new AppError("INVALID_INPUT", `${label} takes a size such as 500K or 10M, not "${shorten(value)}".`);
  return bytes;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

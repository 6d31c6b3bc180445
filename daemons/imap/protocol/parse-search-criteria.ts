// SEARCH criteria (RFC 9051 §6.4.4, RFC 3501 §6.4.4, RFC 7162 §3.1.5 MODSEQ, RFC 5182 "$"):
//   search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)
//   search-key = "ALL" / "ANSWERED" / "BCC" SP astring / "BEFORE" SP date / ... / "UID" SP sequence-set
//              / sequence-set / "(" search-key *(SP search-key) ")"
//   search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"   (RFC 4731)

import type { SearchCriterion, SearchReturn } from "./command.ts";
import { readSearchDate } from "./parse-dates.ts";
import { readSequenceSet } from "./parse-sequence-set.ts";
import type { TokenCursor } from "./parse-tokens.ts";

export type SearchProgram = { charset: string | null; criteria: SearchCriterion };

/** NOT, OR and parentheses nest; past this depth the command is refused rather than the stack risked. */
const MAX_NESTING = 64;

const FLAG_KEYS: Record<string, { flag: string; isSet: boolean } | undefined> = {
  ANSWERED: { flag: "\\Answered", isSet: true },
  DELETED: { flag: "\\Deleted", isSet: true },
  DRAFT: { flag: "\\Draft", isSet: true },
  FLAGGED: { flag: "\\Flagged", isSet: true },
  SEEN: { flag: "\\Seen", isSet: true },
  UNANSWERED: { flag: "\\Answered", isSet: false },
  UNDELETED: { flag: "\\Deleted", isSet: false },
  UNDRAFT: { flag: "\\Draft", isSet: false },
  UNFLAGGED: { flag: "\\Flagged", isSet: false },
  UNSEEN: { flag: "\\Seen", isSet: false },
};

const DATE_KEYS: Record<string, Pick<Extract<SearchCriterion, { type: "date" }>, "field" | "op"> | undefined> = {
  BEFORE: { field: "internal", op: "before" },
  ON: { field: "internal", op: "on" },
  SINCE: { field: "internal", op: "since" },
  SENTBEFORE: { field: "sent", op: "before" },
  SENTON: { field: "sent", op: "on" },
  SENTSINCE: { field: "sent", op: "since" },
};

const HEADER_KEYS = new Set(["FROM", "TO", "CC", "BCC", "SUBJECT"]);

const RETURN_OPTIONS: ReadonlySet<string> = new Set<SearchReturn>(["MIN", "MAX", "ALL", "COUNT", "SAVE"]);

/** RFC 7162 §3.1.5 entry-type-req. */
const MODSEQ_ENTRY_TYPES = new Set(["PRIV", "SHARED", "ALL"]);

/** The search program of SEARCH: an optional CHARSET, then the keys up to the end of the command. */
export function readSearchProgram(cursor: TokenCursor): SearchProgram | null {
  let charset: string | null = null;
  if (cursor.skipKeyword("CHARSET")) {
    if (!cursor.expectSpace("charset")) return null;
    charset = readCharset(cursor);
    if (charset === null || !cursor.expectSpace("search criteria")) return null;
  }
  const criteria = readSearchKeys(cursor);
  return criteria === null ? null : { charset, criteria };
}

/** search-criteria of SORT and THREAD (RFC 5256 §3): charset 1*(SP search-key), the charset required. */
export function readCharsetAndSearchKeys(cursor: TokenCursor): SearchProgram & { charset: string } | null {
  const charset = readCharset(cursor);
  if (charset === null || !cursor.expectSpace("search criteria")) return null;
  const criteria = readSearchKeys(cursor);
  return criteria === null ? null : { charset, criteria };
}

/** charset = atom / quoted, kept as sent. */
function readCharset(cursor: TokenCursor): string | null {
  return cursor.isAt('"') ? cursor.readQuoted("charset") : cursor.readAtom("charset");
}

/** One or more keys separated by SP: several are an AND, a single one is that key. */
function readSearchKeys(cursor: TokenCursor): SearchCriterion | null {
  const criteria: SearchCriterion[] = [];
  do {
    const key = readSearchKey(cursor, 0);
    if (key === null) return null;
    criteria.push(key);
  } while (cursor.skip(" "));
  return combine(criteria);
}

function combine(criteria: SearchCriterion[]): SearchCriterion {
  return criteria.length === 1 ? criteria[0]! : { type: "and", criteria };
}

function readSearchKey(cursor: TokenCursor, depth: number): SearchCriterion | null {
  if (depth > MAX_NESTING) return cursor.fail("Search criteria nested too deeply");
  if (cursor.isAt("(")) {
    const list = cursor.readList("search key list", () => readSearchKey(cursor, depth + 1), { allowsEmpty: false });
    return list === null ? null : combine(list);
  }
  const first = cursor.peekByte();
  if ((first >= 0x30 && first <= 0x39) || first === 0x2a || first === 0x24) {
    const set = readSequenceSet(cursor);
    return set === null ? null : { type: "seq", set };
  }

  const key = cursor.readKeyword("search key");
  if (key === null) return null;
  const flagKey = FLAG_KEYS[key];
  if (flagKey) return { type: "flag", ...flagKey };
  const dateKey = DATE_KEYS[key];
  if (dateKey) {
    const day = cursor.expectSpace("date") ? readSearchDate(cursor) : null;
    return day === null ? null : { type: "date", ...dateKey, day };
  }
  if (HEADER_KEYS.has(key)) {
    const value = readArgument(cursor, "search string");
    return value === null ? null : { type: "header", field: key.toLowerCase(), value };
  }

  switch (key) {
    case "ALL":
      return { type: "all" };
    case "RECENT":
    case "OLD":
    case "NEW":
      // IMAP4rev1 only: RFC 9051 removed \Recent and these keys with it.
      if (cursor.options.isRev2) return cursor.fail("Unknown search key");
      return key === "NEW" ? { type: "new" } : { type: "recent", isSet: key === "RECENT" };
    case "KEYWORD":
    case "UNKEYWORD": {
      const flag = cursor.expectSpace("keyword") ? cursor.readAtom("keyword") : null;
      return flag === null ? null : { type: "flag", flag, isSet: key === "KEYWORD" };
    }
    case "LARGER":
    case "SMALLER": {
      const bytes = cursor.expectSpace("size") ? cursor.readSafeNumber("size") : null;
      return bytes === null ? null : { type: "size", op: key === "LARGER" ? "larger" : "smaller", bytes };
    }
    case "BODY":
    case "TEXT": {
      const value = readArgument(cursor, "search string");
      return value === null ? null : { type: "text", where: key === "BODY" ? "body" : "text", value };
    }
    case "HEADER":
      return readHeaderKey(cursor);
    case "UID": {
      const set = cursor.expectSpace("UID set") ? readSequenceSet(cursor, "UID set") : null;
      return set === null ? null : { type: "uid", set };
    }
    case "MODSEQ":
      return readModseqKey(cursor);
    case "NOT": {
      const criterion = cursor.expectSpace("search key after NOT") ? readSearchKey(cursor, depth + 1) : null;
      return criterion === null ? null : { type: "not", criterion };
    }
    case "OR": {
      const left = cursor.expectSpace("search key after OR") ? readSearchKey(cursor, depth + 1) : null;
      if (left === null) return null;
      const right = cursor.expectSpace("second search key after OR") ? readSearchKey(cursor, depth + 1) : null;
      return right === null ? null : { type: "or", left, right };
    }
    default:
      return cursor.fail("Unknown search key");
  }
}

/** SP astring. */
function readArgument(cursor: TokenCursor, what: string): string | null {
  return cursor.expectSpace(what) ? cursor.readAstring(what) : null;
}

/** HEADER header-fld-name SP astring; the field name is lower-cased, as header names compare case-insensitively. */
function readHeaderKey(cursor: TokenCursor): SearchCriterion | null {
  const field = readArgument(cursor, "header field name");
  if (field === null) return null;
  const value = readArgument(cursor, "search string");
  return value === null ? null : { type: "header", field: field.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()), value };
}

/** MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer (RFC 7162 §3.1.5); the entry is checked, then ignored. */
function readModseqKey(cursor: TokenCursor): SearchCriterion | null {
  if (!cursor.expectSpace("MODSEQ value")) return null;
  if (cursor.isAt('"')) {
    if (cursor.readQuoted("MODSEQ entry name") === null || !cursor.expectSpace("MODSEQ entry type")) return null;
    const entryType = cursor.readKeyword("MODSEQ entry type");
    if (entryType === null) return null;
    if (!MODSEQ_ENTRY_TYPES.has(entryType)) return cursor.fail("Invalid MODSEQ entry type");
    if (!cursor.expectSpace("MODSEQ value")) return null;
  }
  const since = cursor.readModSequence("MODSEQ value", true);
  return since === null ? null : { type: "modseq", since };
}

/**
 * RETURN (...) of ESEARCH (RFC 4731 §3.1) and SEARCHRES (RFC 5182 §2.1), after "RETURN SP". Options
 * are kept in order without repeats; an empty list means ALL (the contract leaves that to the session).
 */
export function readSearchReturnOptions(cursor: TokenCursor): SearchReturn[] | null {
  const options = cursor.readList(
    "search return options",
    () => {
      const option = cursor.readKeyword("search return option");
      if (option === null) return null;
      return RETURN_OPTIONS.has(option) ? (option as SearchReturn) : cursor.fail("Unknown search return option");
    },
    { allowsEmpty: true },
  );
  return options === null ? null : [...new Set(options)];
}

// Commands on the messages of the selected mailbox (RFC 9051 §6.4 and extensions); each may follow UID:
//   tag [UID] FETCH sequence-set (items) [(CHANGEDSINCE modseq [VANISHED])]          (RFC 7162)
//   tag [UID] STORE sequence-set [(UNCHANGEDSINCE modseq)] [+|-]FLAGS[.SILENT] (flags)
//   tag [UID] COPY|MOVE sequence-set mailbox                                         (MOVE: RFC 6851)
//   tag EXPUNGE / tag UID EXPUNGE uid-set                                            (UIDPLUS: RFC 4315)
//   tag [UID] SEARCH [RETURN (options)] [CHARSET charset] key *(SP key)             (ESEARCH: RFC 4731)
//   tag [UID] SORT [RETURN (options)] (criteria) charset key *(SP key)              (RFC 5256, ESORT RFC 5267)
//   tag [UID] THREAD algorithm charset key *(SP key)                                 (RFC 5256)

import type { Command, SearchReturn, SortCriterion, SortKey } from "./command.ts";
import { readFetchAttributes, readFetchModifiers, type FetchModifiers } from "./parse-fetch-attributes.ts";
import { readCharsetAndSearchKeys, readSearchProgram, readSearchReturnOptions } from "./parse-search-criteria.ts";
import { readSequenceSet } from "./parse-sequence-set.ts";
import type { TokenCursor } from "./parse-tokens.ts";

const SORT_KEYS: ReadonlySet<string> = new Set<SortKey>(["ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO"]);

/** "FLAGS" / "+FLAGS" / "-FLAGS", each optionally ".SILENT". */
const STORE_MODES: Record<string, "set" | "add" | "remove" | undefined> = { "": "set", "+": "add", "-": "remove" };

function readSetArgument(cursor: TokenCursor, isUid: boolean) {
  const what = isUid ? "UID set" : "sequence set";
  return cursor.expectSpace(what) ? readSequenceSet(cursor, what) : null;
}

// fetch = "FETCH" SP sequence-set SP (macro / fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]
export function parseFetch(cursor: TokenCursor, isUid: boolean): Command | null {
  const set = readSetArgument(cursor, isUid);
  if (set === null) return null;
  const attributes = cursor.expectSpace("fetch attributes") ? readFetchAttributes(cursor) : null;
  if (attributes === null) return null;
  let modifiers: FetchModifiers = { changedSince: null, vanished: false };
  if (cursor.skip(" ")) {
    const read = readFetchModifiers(cursor);
    if (read === null) return null;
    modifiers = read;
  }
  // RFC 7162 §3.2.6: VANISHED is only for UID FETCH, and only together with CHANGEDSINCE.
  if (modifiers.vanished && !isUid) return cursor.fail("VANISHED is only allowed in UID FETCH");
  if (modifiers.vanished && modifiers.changedSince === null) return cursor.fail("VANISHED requires CHANGEDSINCE");
  return { name: "FETCH", isUid, set, attributes, ...modifiers };
}

// store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags
// store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
export function parseStore(cursor: TokenCursor, isUid: boolean): Command | null {
  const set = readSetArgument(cursor, isUid);
  if (set === null || !cursor.expectSpace("store action")) return null;
  let unchangedSince: bigint | null = null;
  if (cursor.isAt("(")) {
    unchangedSince = readStoreModifiers(cursor);
    if (unchangedSince === null || !cursor.expectSpace("store action")) return null;
  }

  const sign = cursor.skip("+") ? "+" : cursor.skip("-") ? "-" : "";
  const action = cursor.readKeyword("store action");
  if (action === null) return null;
  if (action !== "FLAGS" && action !== "FLAGS.SILENT") return cursor.fail("Invalid store action");
  if (!cursor.expectSpace("flags")) return null;
  const flags = cursor.isAt("(") ? cursor.readFlagList() : readBareFlags(cursor);
  if (flags === null) return null;
  return { name: "STORE", isUid, set, unchangedSince, mode: STORE_MODES[sign]!, silent: action === "FLAGS.SILENT", flags };
}

/** store-modifiers = SP "(" store-modifier *(SP store-modifier) ")": only UNCHANGEDSINCE mod-sequence-valzer (RFC 7162 §3.1.3), once. */
function readStoreModifiers(cursor: TokenCursor): bigint | null {
  const modifiers = cursor.readList(
    "store modifiers",
    () => {
      const name = cursor.readKeyword("store modifier");
      if (name === null) return null;
      if (name !== "UNCHANGEDSINCE") return cursor.fail("Unknown store modifier");
      return cursor.expectSpace("UNCHANGEDSINCE value") ? cursor.readModSequence("UNCHANGEDSINCE value", true) : null;
    },
    { allowsEmpty: false },
  );
  if (modifiers === null) return null;
  return modifiers.length === 1 ? modifiers[0]! : cursor.fail("Duplicate store modifier");
}

/** flag *(SP flag): the unparenthesized form of STORE. */
function readBareFlags(cursor: TokenCursor): string[] | null {
  const flags: string[] = [];
  do {
    const flag = cursor.readFlag();
    if (flag === null) return null;
    flags.push(flag);
  } while (cursor.skip(" "));
  return flags;
}

// copy = "COPY" SP sequence-set SP mailbox;  move = "MOVE" SP sequence-set SP mailbox
export function parseCopyOrMove(cursor: TokenCursor, name: "COPY" | "MOVE", isUid: boolean): Command | null {
  const set = readSetArgument(cursor, isUid);
  if (set === null) return null;
  const mailbox = cursor.expectSpace("mailbox name") ? cursor.readMailbox() : null;
  return mailbox === null ? null : { name, isUid, set, mailbox };
}

// expunge = "EXPUNGE";  uid-expunge = "UID" SP "EXPUNGE" SP sequence-set
export function parseExpunge(cursor: TokenCursor, isUid: boolean): Command | null {
  if (!isUid) return { name: "EXPUNGE", uids: null };
  const uids = readSetArgument(cursor, true);
  return uids === null ? null : { name: "EXPUNGE", uids };
}

// search = "SEARCH" [search-return-opts] SP search-program
export function parseSearch(cursor: TokenCursor, isUid: boolean): Command | null {
  if (!cursor.expectSpace("search criteria")) return null;
  const returns = readOptionalReturn(cursor);
  if (returns === undefined) return null;
  const program = readSearchProgram(cursor);
  return program === null ? null : { name: "SEARCH", isUid, charset: program.charset, returns, criteria: program.criteria };
}

/** "RETURN" SP "(" ... ")" SP, when present: null when absent, undefined after a failure. */
function readOptionalReturn(cursor: TokenCursor): SearchReturn[] | null | undefined {
  if (!cursor.skipKeyword("RETURN")) return null;
  const returns = cursor.expectSpace("search return options") ? readSearchReturnOptions(cursor) : null;
  if (returns === null || !cursor.expectSpace("search criteria")) return undefined;
  return returns;
}

// sort = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP search-criteria
// sort-criteria = "(" sort-criterion *(SP sort-criterion) ")";  sort-criterion = ["REVERSE" SP] sort-key
export function parseSort(cursor: TokenCursor, isUid: boolean): Command | null {
  if (!cursor.expectSpace("sort criteria")) return null;
  const returns = readOptionalReturn(cursor);
  if (returns === undefined) return null;
  const criteria = cursor.readList("sort criteria", () => readSortCriterion(cursor), { allowsEmpty: false });
  if (criteria === null || !cursor.expectSpace("charset")) return null;
  const search = readCharsetAndSearchKeys(cursor);
  return search === null ? null : { name: "SORT", isUid, criteria, charset: search.charset, returns, search: search.criteria };
}

function readSortCriterion(cursor: TokenCursor): SortCriterion | null {
  const reverse = cursor.skipKeyword("REVERSE");
  if (reverse && !cursor.expectSpace("sort key")) return null;
  const key = cursor.readKeyword("sort key");
  if (key === null) return null;
  return SORT_KEYS.has(key) ? { key: key as SortKey, reverse } : cursor.fail("Unknown sort key");
}

// thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria
export function parseThread(cursor: TokenCursor, isUid: boolean): Command | null {
  const algorithm = cursor.expectSpace("threading algorithm") ? cursor.readKeyword("threading algorithm") : null;
  if (algorithm === null) return null;
  if (algorithm !== "REFERENCES" && algorithm !== "ORDEREDSUBJECT") return cursor.fail("Unknown threading algorithm");
  const search = cursor.expectSpace("charset") ? readCharsetAndSearchKeys(cursor) : null;
  return search === null ? null : { name: "THREAD", isUid, algorithm, charset: search.charset, search: search.criteria };
}

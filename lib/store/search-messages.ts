import { readerFor } from "../db-reader.ts";
import { toBigInt, toBool, toDate, toInt } from "../db-row.ts";
import { searchMessageText } from "../db-full-text.ts";
import type { Sql, SqlValue } from "../sql.ts";
import { readHeaderBlock } from "../mime/read-header-block.ts";
import { readFieldValue } from "../mime/read-field-value.ts";
import { decodeHeaderWords } from "../mime/decode-header-words.ts";
import type { Envelope } from "../mime/message-index.ts";
import { MAX_ZONE_OFFSET_MINUTES, readDateHeaderDay } from "../mime/parse-date-header.ts";
import { SYSTEM_FLAG_COLUMNS, splitKeywords, type SystemFlag } from "./flags.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import { uidBounds, uidListSql, type UidRanges } from "./uid-ranges.ts";
import type { StoreDeps } from "./store-deps.ts";
import { readBlobRange } from "./message-bytes.ts";

/** Search criteria of IMAP SEARCH (RFC 9051 §6.4.4) and webmail, with sequence numbers already turned into UIDs. */
export type SearchKey =
  | { type: "all" }
  | { type: "flag"; flag: string; isSet: boolean }
  | { type: "uid"; uids: UidRanges }
  | { type: "date"; field: "internal" | "sent"; op: "before" | "on" | "since"; day: string /* YYYY-MM-DD */ }
  /** Webmail: the internal date against an instant (a day's start in the user's zone), not a UTC day as IMAP's. */
  | { type: "receivedAt"; op: "before" | "since"; at: Date }
  /** Webmail: whether the message has attachments (Message.hasAttachments, set by the MIME index). */
  | { type: "hasAttachments" }
  /**
   * Webmail: the decoded Subject, or From's name or address, contains the text (any case), read
   * from the message's own columns: a common word then costs no header bytes as HEADER's check does.
   */
  | { type: "summary"; field: "subject" | "from"; value: string }
  | { type: "size"; op: "larger" | "smaller"; bytes: number }
  | { type: "header"; field: string; value: string }
  | { type: "text"; where: "body" | "text"; value: string }
  | { type: "modseq"; since: bigint }
  | { type: "and"; keys: SearchKey[] }
  | { type: "or"; left: SearchKey; right: SearchKey }
  | { type: "not"; key: SearchKey };

/** The columns a search can look at, for evaluating criteria in memory (only those the criteria need are read). */
type Candidate = {
  uid: number;
  isSeen: boolean;
  isAnswered: boolean;
  isFlagged: boolean;
  isDeleted: boolean;
  isDraft: boolean;
  keywords: string;
  internalDate: Date;
  size: number;
  modseq: bigint;
  hasAttachments: boolean;
  subject: string;
  fromName: string;
  fromAddress: string;
};

type HeaderKey = Extract<SearchKey, { type: "header" }>;
type DateKey = Extract<SearchKey, { type: "date" }>;

/**
 * UIDs of the folder's messages that match, ascending. Criteria that need more than a message's
 * small columns are answered first, each as a set of UIDs: text by the full-text index, a sent date
 * by the day its Date header is written on. Then the tree is evaluated in memory over the small
 * columns of the candidates: the messages every match must be among (a text criterion's hits, a
 * UID range), else the whole folder. Header criteria are confirmed on the message's own header
 * bytes, so "HEADER X-Spam yes" does not match a line elsewhere: those every match must meet once
 * the rest has narrowed the matches, those under OR or NOT before, since there the index's wider
 * answer would change the result. Plain SQL on the process's read connection (lib/db-reader.ts).
 */
export async function searchMessages(deps: StoreDeps, input: { mailboxId: string; folder: FolderRef; key: SearchKey; among?: number[] }): Promise<number[]> {
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  const uidSets = new Map<SearchKey, Set<number>>();
  await collectUidSets(sql, folder.id, input.key, uidSets, input.among);
  const headerChecks = topLevelHeaderKeys(input.key);
  for (const key of listHeaderKeys(input.key)) {
    const hits = uidSets.get(key);
    if (hits && !headerChecks.includes(key)) uidSets.set(key, new Set(await keepHeaderMatches(deps, sql, folder.id, [...hits].sort((a, b) => a - b), [key])));
  }
  // Usually a text criterion must hold (TEXT x, or x AND more): then only its hits are candidates.
  // A lone text criterion is its own answer (the index found only existing messages): no row is read.
  const textHits = input.key.type === "text" ? uidSets.get(input.key) : undefined;
  if (textHits && !input.among) return [...textHits].sort((a, b) => a - b);
  const found = requiredUids(input.key, uidSets);
  const among = input.among && new Set(input.among);
  const required = among ? (found ? new Set([...found].filter((uid) => among.has(uid))) : among) : found;
  const candidates = await loadCandidates(sql, folder.id, input.key, required ? [...required].sort((a, b) => a - b) : null);
  const matched = candidates.filter((row) => evaluate(input.key, row, uidSets)).map((row) => row.uid);
  if (headerChecks.length === 0 || matched.length === 0) return matched;
  return keepHeaderMatches(deps, sql, folder.id, matched, headerChecks);
}

/** Messages whose header is read per query: rows carry inline blobs (up to 32 KiB), so memory stays bounded. */
const HEADER_CHECK_BATCH = 1000;

/** Those of the UIDs (ascending) whose own header has every one of the fields asked for, holding the text asked for. */
async function keepHeaderMatches(deps: StoreDeps, sql: Sql, folderId: string, uids: number[], checks: HeaderKey[]): Promise<number[]> {
  const kept: number[] = [];
  for (let i = 0; i < uids.length; i += HEADER_CHECK_BATCH) {
    const rows = await sql.query<{ uid: unknown; blobHash: string; content: Uint8Array | null; bodyStructure: string }>(
      `SELECT m."uid", m."blobHash", b."content", m."bodyStructure" FROM "Message" m JOIN "Blob" b ON b."hash" = m."blobHash" WHERE m."folderId" = ? AND m."uid" IN (${uidListSql(sql)}) ORDER BY m."uid"`,
      [folderId, JSON.stringify(uids.slice(i, i + HEADER_CHECK_BATCH))],
    );
    for (const row of rows) {
      const headerEnd = (JSON.parse(row.bodyStructure) as { headerEnd: number }).headerEnd;
      const header = await readBlobRange(deps.blobs, { hash: row.blobHash, content: row.content }, 0, headerEnd);
      if (checks.every((check) => headerMatches(header, check))) kept.push(toInt(row.uid));
    }
  }
  return kept;
}

/** `among`: only these UIDs are asked about (a window of the folder); the full-text index is then read for them alone. */
async function collectUidSets(sql: Sql, folderId: string, key: SearchKey, sets: Map<SearchKey, Set<number>>, among?: number[]): Promise<void> {
  switch (key.type) {
    case "text":
    case "header": {
      const field = key.type === "header" ? "headers" : key.where;
      // HEADER with an empty string asks whether the field exists: its name starts an index line.
      const term = key.type === "header" && key.value === "" ? `${key.field.toLowerCase()}:` : key.value;
      if (term !== "") sets.set(key, await searchMessageText(sql, folderId, field, term, among));
      return;
    }
    case "date":
      if (key.field === "sent") sets.set(key, await findSentDateMatches(sql, folderId, key));
      return;
    case "summary":
      // The index's header text holds the decoded Subject and From: its hits are the candidates.
      if (key.value !== "") sets.set(key, await searchMessageText(sql, folderId, "headers", key.value, among));
      return;
    case "and": {
      // Each criterion every match must meet narrows the search for the next: "from:alice
      // unsubscribe" looks for the common word only among alice's few messages, whose texts
      // PostgreSQL then reads by key instead of confirming every trigram candidate in the folder.
      // Likely-narrow criteria go first (header fields, then longer words). SQLite's FTS5 answers
      // any word from the index alone, and a list of UIDs only slows its query: there each
      // criterion is answered for the whole folder (or the walk's window).
      let possible = among;
      for (const k of [...key.keys].sort((a, b) => narrowness(b) - narrowness(a))) {
        await collectUidSets(sql, folderId, k, sets, possible);
        if (sql.provider !== "postgres") continue;
        const hits = requiredUids(k, sets);
        if (!hits || hits.size > NARROWING_LIMIT) continue;
        // (Some criteria, a sent date, are answered for the whole folder: hence the intersection.)
        const before = possible && new Set(possible);
        possible = [...hits].filter((uid) => !before || before.has(uid)).sort((x, y) => x - y);
      }
      return;
    }
    case "or":
      await collectUidSets(sql, folderId, key.left, sets, among);
      await collectUidSets(sql, folderId, key.right, sets, among);
      return;
    case "not":
      await collectUidSets(sql, folderId, key.key, sets, among);
      return;
    default:
      return;
  }
}

/** Hits at most this many narrow the criteria after them; beyond it each criterion asks the index for the whole folder. */
const NARROWING_LIMIT = 5000;

/** A guess at how few messages a criterion leaves, for the order an AND is answered in: higher, fewer. */
function narrowness(key: SearchKey): number {
  if (key.type === "summary" || key.type === "header") return 1000 + key.value.length;
  if (key.type === "text") return key.value.length;
  return 0;
}

/** The UIDs every match must be among: the intersection of the criteria answered as sets ANDed at the top. */
function requiredUids(key: SearchKey, uidSets: Map<SearchKey, Set<number>>): Set<number> | undefined {
  if (key.type === "text" || key.type === "header" || key.type === "date" || key.type === "summary") return uidSets.get(key);
  if (key.type === "or") {
    // "to:x" is To OR Cc: a match is among the hits of one side or the other.
    const left = requiredUids(key.left, uidSets);
    const right = left && requiredUids(key.right, uidSets);
    return left && right ? new Set([...left, ...right]) : undefined;
  }
  if (key.type !== "and") return undefined;
  let result: Set<number> | undefined;
  for (const child of key.keys) {
    const set = requiredUids(child, uidSets);
    if (set) result = result ? new Set([...result].filter((uid) => set.has(uid))) : set;
  }
  return result;
}

/** Header criteria that every match must meet (those not under OR or NOT): checked exactly afterwards. */
function topLevelHeaderKeys(key: SearchKey): HeaderKey[] {
  if (key.type === "header") return [key];
  if (key.type === "and") return key.keys.flatMap(topLevelHeaderKeys);
  return [];
}

/** Every header criterion, wherever it stands. */
function listHeaderKeys(key: SearchKey): HeaderKey[] {
  switch (key.type) {
    case "header":
      return [key];
    case "and":
      return key.keys.flatMap(listHeaderKeys);
    case "or":
      return [...listHeaderKeys(key.left), ...listHeaderKeys(key.right)];
    case "not":
      return listHeaderKeys(key.key);
    default:
      return [];
  }
}

/**
 * UIDs whose Date header is written on a day before, on or since `key.day`: RFC 9051 §6.4.4
 * compares it "disregarding time and timezone", so "Wed, 21 Aug 2002 20:31:57 -1600" is sent on
 * the 21st, though in UTC it is the 22nd. The stored instant settles the messages too far from
 * the day for any zone to matter; the header's own day decides the others.
 */
async function findSentDateMatches(sql: Sql, folderId: string, key: DateKey): Promise<Set<number>> {
  const { start, end } = dayRange(key.day);
  const margin = MAX_ZONE_OFFSET_MINUTES * 60_000;
  const at = (date: Date, shift: number) => new Date(date.getTime() + shift);
  const uids = new Set<number>();
  const certain = key.op === "before" ? `"sentDate" < ?` : key.op === "since" ? `"sentDate" >= ?` : null;
  if (certain) {
    const rows = await sql.query<{ uid: unknown }>(`SELECT "uid" FROM "Message" WHERE "folderId" = ? AND ${certain}`, [folderId, at(start, key.op === "before" ? -margin : margin)]);
    for (const row of rows) uids.add(toInt(row.uid));
  }
  const near = await sql.query<{ uid: unknown; envelope: string }>(`SELECT "uid", "envelope" FROM "Message" WHERE "folderId" = ? AND "sentDate" >= ? AND "sentDate" < ?`, [
    folderId,
    at(start, -margin),
    key.op === "on" ? at(end, margin) : at(start, margin),
  ]);
  for (const row of near) {
    const day = readDateHeaderDay((JSON.parse(row.envelope) as Envelope).date);
    if (day === null) continue;
    if (key.op === "before" ? day < key.day : key.op === "since" ? day >= key.day : day === key.day) uids.add(toInt(row.uid));
  }
  return uids;
}

function evaluate(key: SearchKey, row: Candidate, uidSets: Map<SearchKey, Set<number>>): boolean {
  switch (key.type) {
    case "all":
      return true;
    case "flag": {
      const system = systemFlag(key.flag);
      if (system) return row[SYSTEM_FLAG_COLUMNS[system]] === key.isSet;
      if (key.flag.startsWith("\\")) return !key.isSet;
      const wanted = key.flag.toLowerCase(); // keywords match in any case, as they are stored (flags.ts)
      return splitKeywords(row.keywords).some((keyword) => keyword.toLowerCase() === wanted) === key.isSet;
    }
    case "uid":
      return key.uids.some(([a, b]) => row.uid >= Math.min(a, b) && row.uid <= Math.max(a, b));
    case "size":
      return key.op === "larger" ? row.size > key.bytes : row.size < key.bytes;
    case "modseq":
      return row.modseq >= key.since;
    case "receivedAt":
      return key.op === "before" ? row.internalDate < key.at : row.internalDate >= key.at;
    case "hasAttachments":
      return row.hasAttachments;
    case "summary": {
      if (uidSets.get(key)?.has(row.uid) === false) return false;
      const needle = key.value.toLowerCase();
      const texts = key.field === "subject" ? [row.subject] : [row.fromName, row.fromAddress];
      return texts.some((text) => text.toLowerCase().includes(needle));
    }
    case "date": {
      if (key.field === "sent") return uidSets.get(key)!.has(row.uid);
      const { start, end } = dayRange(key.day);
      const value = row.internalDate;
      return key.op === "before" ? value < start : key.op === "since" ? value >= start : value >= start && value < end;
    }
    case "text":
    case "header":
      return uidSets.get(key)?.has(row.uid) ?? true;
    case "and":
      return key.keys.every((k) => evaluate(k, row, uidSets));
    case "or":
      return evaluate(key.left, row, uidSets) || evaluate(key.right, row, uidSets);
    case "not":
      return !evaluate(key.key, row, uidSets);
  }
}

function systemFlag(flag: string): SystemFlag | undefined {
  return (Object.keys(SYSTEM_FLAG_COLUMNS) as SystemFlag[]).find((name) => name.toLowerCase() === flag.toLowerCase());
}

/** RFC 9051: dates compare by day, disregarding time and time zone; days are taken in UTC. */
function dayRange(day: string): { start: Date; end: Date } {
  const start = new Date(`${day}T00:00:00Z`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** How each column a criterion can look at is read from a plain-SQL row. */
const CANDIDATE_COLUMNS = {
  isSeen: toBool,
  isAnswered: toBool,
  isFlagged: toBool,
  isDeleted: toBool,
  isDraft: toBool,
  keywords: String,
  internalDate: toDate,
  size: toInt,
  modseq: toBigInt,
  hasAttachments: toBool,
  subject: String,
  fromName: String,
  fromAddress: String,
} satisfies Record<Exclude<keyof Candidate, "uid">, (value: unknown) => unknown>;

type CandidateColumn = keyof typeof CANDIDATE_COLUMNS;

/** The columns the criteria look at: only those are read (SEARCH UNSEEN over a large folder reads one). */
function columnsOf(key: SearchKey, columns = new Set<CandidateColumn>()): Set<CandidateColumn> {
  switch (key.type) {
    case "flag": {
      const system = systemFlag(key.flag);
      if (system) columns.add(SYSTEM_FLAG_COLUMNS[system]);
      else if (!key.flag.startsWith("\\")) columns.add("keywords");
      break;
    }
    case "size":
      columns.add("size");
      break;
    case "modseq":
      columns.add("modseq");
      break;
    case "date":
      if (key.field === "internal") columns.add("internalDate");
      break;
    case "receivedAt":
      columns.add("internalDate");
      break;
    case "hasAttachments":
      columns.add("hasAttachments");
      break;
    case "summary":
      if (key.field === "subject") columns.add("subject");
      else columns.add("fromName").add("fromAddress");
      break;
    case "and":
      key.keys.forEach((k) => columnsOf(k, columns));
      break;
    case "or":
      columnsOf(key.left, columns);
      columnsOf(key.right, columns);
      break;
    case "not":
      columnsOf(key.key, columns);
      break;
  }
  return columns;
}

/**
 * The UID and the columns the criteria look at of the candidates: the listed UIDs (ascending), else
 * the whole folder, within the UID ranges every match must be in. The UIDs go as one JSON
 * parameter: thousands of hits cost one query.
 */
async function loadCandidates(sql: Sql, folderId: string, key: SearchKey, uids: number[] | null): Promise<Candidate[]> {
  const bounds = uidBounds(topLevelUidRanges(key) ?? [[uids?.[0] ?? 1, uids?.at(-1) ?? Number.MAX_SAFE_INTEGER]]);
  const columns = [...columnsOf(key)];
  const listed = uids === null ? "" : ` AND "uid" IN (${uidListSql(sql)})`;
  const tests = topLevelColumnTests(key);
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${["uid", ...columns].map((c) => `"${c}"`).join(", ")} FROM "Message" WHERE "folderId" = ? AND ${bounds.where}${listed}${tests.map((test) => ` AND ${test.where}`).join("")} ORDER BY "uid"`,
    [folderId, ...bounds.params, ...(uids === null ? [] : [JSON.stringify(uids)]), ...tests.flatMap((test) => test.params)],
  );
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const uid = toInt(row.uid);
    if (!bounds.includes(uid)) continue;
    const candidate: Record<string, unknown> = { uid };
    for (const column of columns) candidate[column] = CANDIDATE_COLUMNS[column](row[column]);
    candidates.push(candidate as Candidate);
  }
  return candidates;
}

/**
 * Column tests every match must pass (flags, has:attachment and the webmail's received-date bounds
 * ANDed at the top), as SQL: "has:attachment" or "before:2003-01-01" over 100,000 messages then
 * reads the few rows that pass, not all. The criteria are still evaluated on the rows read; this
 * only leaves out rows they would refuse.
 */
function topLevelColumnTests(key: SearchKey): { where: string; params: SqlValue[] }[] {
  switch (key.type) {
    case "and":
      return key.keys.flatMap(topLevelColumnTests);
    case "hasAttachments":
      // A bare boolean column is a test on both databases (SQLite stores 0 or 1).
      return [{ where: `"hasAttachments"`, params: [] }];
    case "receivedAt":
      return [{ where: key.op === "before" ? `"internalDate" < ?` : `"internalDate" >= ?`, params: [key.at] }];
    case "flag": {
      const system = systemFlag(key.flag);
      if (!system) return [];
      return [{ where: key.isSet ? `"${SYSTEM_FLAG_COLUMNS[system]}"` : `NOT "${SYSTEM_FLAG_COLUMNS[system]}"`, params: [] }];
    }
    default:
      return [];
  }
}

/** The UID ranges every match must be in (UID criteria ANDed at the top), or null. */
function topLevelUidRanges(key: SearchKey): UidRanges | null {
  if (key.type === "uid") return key.uids;
  if (key.type !== "and") return null;
  return key.keys.map(topLevelUidRanges).find((ranges) => ranges !== null) ?? null;
}

/** Whether a field of the name holds the text, decoded and in any case; an empty text asks only whether the field is there. */
function headerMatches(header: Buffer, check: HeaderKey): boolean {
  const name = check.field.toLowerCase();
  const needle = check.value.toLowerCase();
  return readHeaderBlock(header, 0).fields.some((field) => field.name === name && decodeHeaderWords(readFieldValue(header, field)).toLowerCase().includes(needle));
}

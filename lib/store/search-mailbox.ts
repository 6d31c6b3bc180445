import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { readerFor } from "../db-reader.ts";
import { toDate, toInt } from "../db-row.ts";
import type { Sql } from "../sql.ts";
import { parseMailSearch } from "./parse-mail-search.ts";
import { searchMessages, type SearchKey } from "./search-messages.ts";
import { uidListSql } from "./uid-ranges.ts";
import type { StoreDeps } from "./store-deps.ts";
import { MESSAGE_LIST_COLUMNS, toMessageListRow, type MessageListRow } from "./list-message-page.ts";

/** A list row (list-message-page.ts) that also says which folder the message is in. */
export type SearchResultRow = MessageListRow & { folderId: string; folderName: string };

const SearchMailboxInput = z.object({
  query: z.string(),
  /** The folder the list shows; null: every folder but Trash and Junk. An `in:` in the query wins over it. */
  folderId: z.string().min(1).nullable().optional(),
  offset: z.number().int().min(0).max(1_000_000),
  limit: z.number().int().min(1).max(200),
  timeZone: z.string().min(1),
});

type FolderInfo = { id: string; name: string; specialUse: string | null; messageCount: number };
type Hit = { id: string; folderId: string; uid: number; internalDate: number };

/**
 * Searches the actor's own mailbox with the webmail's search box (lib/store/parse-mail-search.ts):
 * every matching message of the folders searched, newest first, a page of them with the total.
 * Each folder is searched by the store's IMAP search (full-text index, header checks); then only
 * each folder's newest hits are dated (readNewestHits), and only the page's rows are read in full.
 * Common hits are found by walking the folder newest first instead (walkNewestHits), and the
 * total is then not counted to the end: isTotalExact false, total one more than the hits seen.
 * INVALID_INPUT for a query it cannot read (the message names the operator), NOT_FOUND for a
 * folder not the actor's.
 */
export async function searchMailbox(
  deps: StoreDeps,
  input: { actor: Principal; query: string; folderId?: string | null; offset: number; limit: number; timeZone: string },
): Promise<{ total: number; isTotalExact: boolean; rows: SearchResultRow[] }> {
  const mailboxId = input.actor.mailboxId;
  assertAllowed(canReadMail(input.actor, mailboxId), "Only the mailbox itself can search its mail.");
  const parsed = SearchMailboxInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Search", parsed.error.issues);
  const { query, folderId, offset, limit, timeZone } = parsed.data;
  const search = parseMailSearch(query, { now: new Date(), timeZone });

  const sql = readerFor(deps.db);
  const folders = (await sql.query<Record<string, unknown>>(`SELECT "id", "name", CAST("specialUse" AS TEXT) AS "specialUse", "messageCount" FROM "Folder" WHERE "mailboxId" = ?`, [mailboxId])).map((f) => ({
    id: String(f.id),
    name: String(f.name),
    specialUse: f.specialUse === null ? null : String(f.specialUse),
    messageCount: toInt(f.messageCount),
  }));
  const targets = chooseFolders(folders, search, folderId ?? null);

  // Each folder's newest `offset + limit` hits are enough: the page is among them once merged.
  const wanted = offset + limit;
  let total = 0;
  let isTotalExact = true;
  const newest: Hit[] = [];
  for (const folder of targets) {
    // An empty folder is skipped: a text search reads the whole index before it filters by folder.
    if (folder.messageCount === 0) continue;
    const walked = sql.provider === "postgres" || !readsText(search.key) ? await walkNewestHits(deps, sql, mailboxId, folder, search.key, wanted) : null;
    if (walked) {
      total += walked.hits.length;
      isTotalExact &&= walked.isComplete;
      newest.push(...walked.hits);
      continue;
    }
    const uids = await searchMessages(deps, { mailboxId, folder: { id: folder.id }, key: search.key });
    total += uids.length;
    if (uids.length > 0) newest.push(...(await readNewestHits(sql, folder, uids, wanted)));
  }
  newest.sort(newestFirst);
  const rows = await readRows(sql, newest.slice(offset, wanted), new Map(folders.map((f) => [f.id, f.name])));
  // Not counted to the end: one more than seen, so that a list scrolled to the end asks for the next page.
  return { total: isTotalExact ? total : Math.max(total, offset + rows.length) + 1, isTotalExact, rows };
}

/**
 * Whether the search reads the full-text index. On SQLite it answers a word from the index alone,
 * whatever the number of hits, so such a search is not walked; everything else is: checking the
 * small columns of a window of messages costs the same on both databases.
 */
function readsText(key: SearchKey): boolean {
  if (key.type === "text" || key.type === "header" || key.type === "summary") return true;
  if (key.type === "and") return key.keys.some(readsText);
  if (key.type === "or") return readsText(key.left) || readsText(key.right);
  return key.type === "not" && readsText(key.key);
}

/** Messages of a folder read newest first per window at the start of a walk; windows then double. */
const WALK_WINDOW = 500;
/** A walk that has read this many without its hits being common gives way to the index. */
const WALK_TRIAL = 1500;
/** Fewer hits than this in the whole folder (projected from the walk so far) are cheap to read from the index. */
const FEW_HITS = 5000;

/**
 * The folder's newest `wanted` hits found by walking its date index newest first and searching
 * each window of messages alone. Common hits ("is:unread", or on PostgreSQL "unsubscribe" in half
 * of 100,000 messages) then cost a few windows instead of every hit's check: PostgreSQL's trigram
 * index only names candidates, and confirming each means reading its text. The walk ends when it
 * has enough hits (the count then stops short: isComplete false) or reaches the folder's end; it
 * gives up (null) when the hits are rare, where reading them all is the cheaper way.
 */
async function walkNewestHits(deps: StoreDeps, sql: Sql, mailboxId: string, folder: FolderInfo, key: SearchKey, wanted: number): Promise<{ hits: Hit[]; isComplete: boolean } | null> {
  const hits: Hit[] = [];
  let window = WALK_WINDOW;
  for (let read = 0; ; ) {
    const messages = (await sql.query<Record<string, unknown>>(`SELECT "id", "uid", "internalDate" FROM "Message" WHERE "folderId" = ? ORDER BY "internalDate" DESC, "uid" DESC LIMIT ? OFFSET ?`, [folder.id, window, read])).map((row) => toHit(folder.id, row));
    const among = messages.map((message) => message.uid).sort((a, b) => a - b);
    const matched = new Set(among.length > 0 ? await searchMessages(deps, { mailboxId, folder: { id: folder.id }, key, among }) : []);
    hits.push(...messages.filter((message) => matched.has(message.uid)));
    read += messages.length;
    if (messages.length < window) return { hits, isComplete: true };
    if (hits.length >= wanted) return { hits, isComplete: false };
    if (read >= WALK_TRIAL && (hits.length / read) * folder.messageCount < FEW_HITS) return null;
    window = Math.min(window * 2, 8 * WALK_WINDOW);
  }
}

/** Trash and Junk are left out of a search across folders unless `in:` names them (Gmail does the same). */
function chooseFolders(folders: FolderInfo[], search: { folderName?: string; isAllFolders?: boolean }, folderId: string | null): FolderInfo[] {
  if (search.folderName !== undefined) {
    const wanted = search.folderName.toLowerCase();
    // INBOX is case-insensitive (RFC 9051 §5.1); other names are matched loosely too, since people type them.
    const folder = folders.find((f) => f.name === search.folderName) ?? folders.find((f) => f.name.toLowerCase() === wanted);
    if (!folder) throw new AppError("INVALID_INPUT", `in: there is no folder named "${search.folderName.slice(0, 100)}".`);
    return [folder];
  }
  if (folderId !== null && !search.isAllFolders) {
    const folder = folders.find((f) => f.id === folderId);
    if (!folder) throw new AppError("NOT_FOUND", "No such folder.");
    return [folder];
  }
  return folders.filter((f) => f.specialUse !== "TRASH" && f.specialUse !== "JUNK");
}

/** Hits up to this many have their dates read by UID; beyond it the folder's date index is walked instead. */
const LISTED_HITS = 2000;

/**
 * The folder's newest `wanted` hits (by internal date, then UID). A few hits are read by their
 * UIDs; many are found by walking the folder's (folderId, internalDate) index newest first, in
 * chunks sized by the hits' share of the folder, so "is:unread" over 100,000 messages reads a few
 * hundred rows instead of sorting 60,000.
 */
async function readNewestHits(sql: Sql, folder: FolderInfo, uids: number[], wanted: number): Promise<Hit[]> {
  const folderId = folder.id;
  if (uids.length <= LISTED_HITS) {
    const rows = await sql.query<Record<string, unknown>>(`SELECT "id", "uid", "internalDate" FROM "Message" WHERE "folderId" = ? AND "uid" IN (${uidListSql(sql)})`, [folderId, JSON.stringify(uids)]);
    return rows.map((row) => toHit(folderId, row)).sort(newestFirst).slice(0, wanted);
  }
  const isHit = new Set(uids);
  const share = uids.length / Math.max(folder.messageCount, uids.length);
  const found: Hit[] = [];
  let chunk = Math.ceil((wanted / share) * 1.5) + 100;
  for (let skipped = 0; found.length < wanted; ) {
    const rows = await sql.query<Record<string, unknown>>(`SELECT "id", "uid", "internalDate" FROM "Message" WHERE "folderId" = ? ORDER BY "internalDate" DESC, "uid" DESC LIMIT ? OFFSET ?`, [folderId, chunk, skipped]);
    for (const row of rows) if (isHit.has(toInt(row.uid))) found.push(toHit(folderId, row));
    if (rows.length < chunk) break;
    skipped += rows.length;
    chunk *= 2;
  }
  return found.slice(0, wanted);
}

function toHit(folderId: string, row: Record<string, unknown>): Hit {
  return { id: String(row.id), folderId, uid: toInt(row.uid), internalDate: toDate(row.internalDate).getTime() };
}

/** Newest first; for equal dates, one folder's by descending UID (the order its date index is walked in). */
function newestFirst(a: Hit, b: Hit): number {
  return b.internalDate - a.internalDate || (a.folderId < b.folderId ? -1 : a.folderId > b.folderId ? 1 : b.uid - a.uid);
}

async function readRows(sql: Sql, page: Hit[], folderNames: Map<string, string>): Promise<SearchResultRow[]> {
  if (page.length === 0) return [];
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT "folderId", ${MESSAGE_LIST_COLUMNS} FROM "Message" WHERE "id" IN (${page.map(() => "?").join(", ")})`,
    page.map((hit) => hit.id),
  );
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return page.flatMap((hit) => {
    const row = byId.get(hit.id);
    // A message expunged between the two reads is simply left out of the page.
    if (!row) return [];
    const folderId = String(row.folderId);
    return [
      { ...toMessageListRow(row), folderId, folderName: folderNames.get(folderId) ?? "" },
    ];
  });
}

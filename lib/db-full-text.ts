import { insertRows } from "./db-insert-rows.ts";
import type { Sql } from "./sql.ts";
import { uidListSql } from "./store/uid-ranges.ts";

// The full-text index of messages: decoded headers and decoded body text, one row per message.
// SQLite: an FTS5 table with the trigram tokenizer, keyed by its rowid (kept in Message.searchRowId),
// filled behind deliveries: a delivery queues its text in MessageSearchQueue under the rowid it
// will have, and indexQueuedText moves queued rows into the index (the writer thread does, when
// deliveries pause); searches read the index and scan the queue. PostgreSQL: a table keyed by
// message id with pg_trgm GIN indexes, written by the delivery itself. Both answer case-insensitive
// substring queries (IMAP SEARCH semantics), from the index for terms of 3 or more characters.

export type SearchField = "headers" | "body" | "text";

/** Largest body text indexed per message: a search beyond it would be rare and the index would balloon. */
export const MAX_INDEXED_TEXT = 1024 * 1024;

export type IndexedText = { messageId: string; headers: string; body: string };

/**
 * Indexes (PostgreSQL) or queues for indexing (SQLite) messages' text in one statement; call it
 * before inserting the messages, inside a transaction that has already written (so it holds the
 * write lock). Returns, in order, the FTS5 rowids to store in Message.searchRowId on SQLite, nulls
 * on PostgreSQL (rows keyed by message id).
 */
export async function indexMessagesText(sql: Sql, entries: IndexedText[]): Promise<(number | null)[]> {
  if (entries.length === 0) return [];
  // Lower-cased: PostgreSQL then searches with LIKE, far cheaper than ILIKE on every candidate.
  const clean = entries.map((entry) => ({ messageId: entry.messageId, headers: entry.headers.slice(0, 64 * 1024).toLowerCase(), body: entry.body.slice(0, MAX_INDEXED_TEXT).toLowerCase() }));
  if (sql.provider === "postgres") {
    await insertRows(sql, "MessageSearch", [["messageId", "text"], ["headers", "text"], ["body", "text"]], clean.map((e) => [e.messageId, e.headers, e.body]));
    return clean.map(() => null);
  }
  const first = await nextSearchRowId(sql);
  await insertRows(sql, "MessageSearchQueue", [["rowid", "int"], ["headers", "text"], ["body", "text"]], clean.map((e, i) => [first + i, e.headers, e.body]));
  return clean.map((_, i) => first + i);
}

/**
 * Copies a message's index entry for its copy (IMAP COPY, MOVE: same bytes, same text); call it
 * before inserting the copy. Returns the copy's Message.searchRowId (SQLite) or null.
 */
export async function copyMessageText(sql: Sql, from: { id: string; searchRowId: number | null }, toMessageId: string): Promise<number | null> {
  if (sql.provider === "postgres") {
    await sql.execute(`INSERT INTO "MessageSearch" ("messageId", "headers", "body") SELECT ?, "headers", "body" FROM "MessageSearch" WHERE "messageId" = ?`, [toMessageId, from.id]);
    return null;
  }
  if (from.searchRowId === null) return null;
  const rowId = await nextSearchRowId(sql);
  const copied = await sql.execute(
    `INSERT INTO "MessageSearchQueue" (rowid, "headers", "body") SELECT ?, "headers", "body" FROM (SELECT "headers", "body" FROM "MessageSearch" WHERE rowid = ? UNION ALL SELECT "headers", "body" FROM "MessageSearchQueue" WHERE rowid = ?) LIMIT 1`,
    [rowId, from.searchRowId, from.searchRowId],
  );
  return copied === 1 ? rowId : null;
}

/**
 * SQLite: moves up to `limit` queued rows, oldest first, into the FTS5 index in one transaction
 * (the caller's). Returns how many moved; fewer than `limit` means the queue is now empty.
 */
export async function indexQueuedText(sql: Sql, limit: number): Promise<number> {
  const oldest = `SELECT rowid FROM "MessageSearchQueue" ORDER BY rowid LIMIT ?`;
  const moved = await sql.execute(`INSERT INTO "MessageSearch" (rowid, "headers", "body") SELECT rowid, "headers", "body" FROM "MessageSearchQueue" WHERE rowid IN (${oldest})`, [limit]);
  await sql.execute(`DELETE FROM "MessageSearchQueue" WHERE rowid IN (${oldest})`, [limit]);
  return moved;
}

/** SQLite: how many messages wait in the queue to be indexed. */
export async function countQueuedText(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ count: number | bigint }>(`SELECT count(*) AS "count" FROM "MessageSearchQueue"`);
  return Number(row?.count ?? 0);
}

// Explicit rowids, above every indexed and every queued one: the caller's transaction holds
// SQLite's write lock, so no one else can take them. (ORDER BY … DESC LIMIT 1 reads one row of an
// FTS5 table; max(rowid) would scan it.)
async function nextSearchRowId(sql: Sql): Promise<number> {
  const [last] = await sql.query<{ id: bigint | number | null }>(
    `SELECT max(coalesce((SELECT rowid FROM "MessageSearch" ORDER BY rowid DESC LIMIT 1), 0), coalesce((SELECT max(rowid) FROM "MessageSearchQueue"), 0)) AS "id"`,
  );
  return Number(last?.id ?? 0) + 1;
}

/** Removes the index entries of messages that are being deleted. */
export async function removeMessageText(sql: Sql, messages: { id: string; searchRowId: number | null }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 500) {
    const chunk = messages.slice(i, i + 500);
    if (sql.provider === "postgres") {
      await sql.execute(`DELETE FROM "MessageSearch" WHERE "messageId" IN (${chunk.map(() => "?").join(",")})`, chunk.map((m) => m.id));
      continue;
    }
    const rowIds = chunk.map((m) => m.searchRowId).filter((id): id is number => id !== null);
    if (rowIds.length === 0) continue;
    const list = rowIds.map(() => "?").join(",");
    await sql.execute(`DELETE FROM "MessageSearch" WHERE rowid IN (${list})`, rowIds);
    await sql.execute(`DELETE FROM "MessageSearchQueue" WHERE rowid IN (${list})`, rowIds);
  }
}

/**
 * UIDs of the folder's messages whose headers, body or either ("text") contain `term`,
 * case-insensitively; with `among`, only of those UIDs (PostgreSQL then reads just their text
 * rather than every candidate the trigram index names).
 */
export async function searchMessageText(sql: Sql, folderId: string, field: SearchField, term: string, among?: number[]): Promise<Set<number>> {
  const needle = term.toLowerCase();
  const onlyAmong = among ? [` AND m."uid" IN (${uidListSql(sql)})`, [JSON.stringify(among)]] as const : ["", []] as const;
  const columns: ("headers" | "body")[] = field === "text" ? ["headers", "body"] : [field];
  const uids = new Set<number>();
  const add = (rows: { uid: unknown }[]) => rows.forEach((row) => uids.add(Number(row.uid)));
  if (sql.provider === "postgres") {
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = columns.map((column) => `s."${column}" LIKE ?`).join(" OR ");
    if (among) {
      // The few messages asked about, each text read by its key: a LATERAL subquery that cannot be
      // flattened (OFFSET 0) keeps the planner from reaching for the trigram index, whatever its
      // statistics say, which would have every hit in the mailbox read.
      add(await sql.query(`SELECT m."uid" FROM "Message" m CROSS JOIN LATERAL (SELECT 1 FROM "MessageSearch" s WHERE s."messageId" = m."id" AND (${where}) OFFSET 0) hit WHERE m."folderId" = ?${onlyAmong[0]}`, [...columns.map(() => pattern), folderId, ...onlyAmong[1]]));
      return uids;
    }
    add(await sql.query(`SELECT m."uid" FROM "MessageSearch" s JOIN "Message" m ON m."id" = s."messageId" WHERE m."folderId" = ? AND (${where})`, [folderId, ...columns.map(() => pattern)]));
    return uids;
  }
  // Messages not indexed yet first: their queued text, read in full (the queue is short). In this
  // order a batch the writer thread moves into the index meanwhile is found in one or the other.
  for (const column of columns) {
    add(await sql.query(`SELECT m."uid" FROM "MessageSearchQueue" q CROSS JOIN "Message" m ON m."searchRowId" = q.rowid WHERE instr(q."${column}", ?) > 0 AND m."folderId" = ?${onlyAmong[0]}`, [needle, folderId, ...onlyAmong[1]]));
  }
  // A term of three or more characters is a phrase of trigrams: MATCH finds the documents holding
  // them at consecutive positions, which is exactly "contains the term", from the index alone (a LIKE
  // would re-read every candidate's text, ten times slower for a common word). The FTS table is read
  // first (CROSS JOIN fixes the order), and the (searchRowId, folderId, uid) index answers the join
  // without reading the messages. A shorter term has no trigram: LIKE scans the texts.
  if ([...needle].length >= 3) {
    const phrase = `{${columns.map((column) => `"${column}"`).join(" ")}}: "${needle.replaceAll('"', '""')}"`;
    add(await sql.query(`SELECT m."uid" FROM "MessageSearch" s CROSS JOIN "Message" m ON m."searchRowId" = s.rowid WHERE "MessageSearch" MATCH ? AND m."folderId" = ?${onlyAmong[0]}`, [phrase, folderId, ...onlyAmong[1]]));
    return uids;
  }
  for (const column of columns) {
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(await sql.query(`SELECT m."uid" FROM "MessageSearch" s CROSS JOIN "Message" m ON m."searchRowId" = s.rowid WHERE s."${column}" LIKE ? ESCAPE '\\' AND m."folderId" = ?${onlyAmong[0]}`, [pattern, folderId, ...onlyAmong[1]]));
  }
  return uids;
}

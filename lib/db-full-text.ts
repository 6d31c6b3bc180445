import { insertJsonRows } from "./db-json-rows.ts";
import type { DbClient } from "./audit/record-audit-event.ts";
import type { DatabaseTarget } from "./database-url.ts";

// The full-text index of messages: decoded headers and decoded body text, one row per message.
// SQLite: an FTS5 table with the trigram tokenizer, keyed by its rowid (kept in Message.searchRowId);
// PostgreSQL: a table keyed by message id with pg_trgm GIN indexes. Both answer case-insensitive
// substring queries (IMAP SEARCH semantics) from the index for terms of 3 or more characters.

type Provider = DatabaseTarget["provider"];
export type SearchField = "headers" | "body" | "text";

/** Largest body text indexed per message: a search beyond it would be rare and the index would balloon. */
export const MAX_INDEXED_TEXT = 1024 * 1024;

export type IndexedText = { messageId: string; headers: string; body: string };

/**
 * Indexes messages' text in one statement; call it before inserting the messages, inside a
 * transaction that has already written (so it holds the write lock). Returns, in order, the FTS5
 * rowids to store in Message.searchRowId on SQLite, nulls on PostgreSQL (rows keyed by message id).
 */
export async function indexMessagesText(tx: DbClient, provider: Provider, entries: IndexedText[]): Promise<(number | null)[]> {
  if (entries.length === 0) return [];
  // Lower-cased: PostgreSQL then searches with LIKE, far cheaper than ILIKE on every candidate.
  const clean = entries.map((entry) => ({ messageId: entry.messageId, headers: entry.headers.slice(0, 64 * 1024).toLowerCase(), body: entry.body.slice(0, MAX_INDEXED_TEXT).toLowerCase() }));
  if (provider === "postgres") {
    await insertJsonRows(tx, provider, "MessageSearch", [["messageId", "text"], ["headers", "text"], ["body", "text"]], clean.map((e) => [e.messageId, e.headers, e.body]));
    return clean.map(() => null);
  }
  // Explicit rowids: the transaction holds SQLite's write lock, so no one else can take them.
  const [last] = await tx.$queryRaw<{ id: bigint | number }[]>`SELECT rowid AS "id" FROM "MessageSearch" ORDER BY rowid DESC LIMIT 1`;
  const first = Number(last?.id ?? 0) + 1;
  await insertJsonRows(tx, provider, "MessageSearch", [["rowid", "int"], ["headers", "text"], ["body", "text"]], clean.map((e, i) => [first + i, e.headers, e.body]));
  return clean.map((_, i) => first + i);
}

/**
 * Copies a message's index entry for its copy (IMAP COPY, MOVE: same bytes, same text); call it
 * before inserting the copy. Returns the copy's Message.searchRowId (SQLite) or null.
 */
export async function copyMessageText(tx: DbClient, provider: Provider, from: { id: string; searchRowId: number | null }, toMessageId: string): Promise<number | null> {
  if (provider === "postgres") {
    await tx.$executeRaw`INSERT INTO "MessageSearch" ("messageId", "headers", "body") SELECT ${toMessageId}, "headers", "body" FROM "MessageSearch" WHERE "messageId" = ${from.id}`;
    return null;
  }
  if (from.searchRowId === null) return null;
  const copied = await tx.$executeRaw`INSERT INTO "MessageSearch" ("headers", "body") SELECT "headers", "body" FROM "MessageSearch" WHERE rowid = ${from.searchRowId}`;
  return copied === 1 ? lastInsertRowId(tx) : null;
}

/** Removes the index entries of messages that are being deleted. */
export async function removeMessageText(tx: DbClient, provider: Provider, messages: { id: string; searchRowId: number | null }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 500) {
    const chunk = messages.slice(i, i + 500);
    if (provider === "postgres") {
      await tx.$executeRaw`DELETE FROM "MessageSearch" WHERE "messageId" = ANY(${chunk.map((m) => m.id)})`;
      continue;
    }
    const rowIds = chunk.map((m) => m.searchRowId).filter((id): id is number => id !== null);
    if (rowIds.length > 0) await tx.$executeRawUnsafe(`DELETE FROM "MessageSearch" WHERE rowid IN (${rowIds.map(() => "?").join(",")})`, ...rowIds);
  }
}

/** UIDs of the folder's messages whose headers, body or either ("text") contain `term`, case-insensitively. */
export async function searchMessageText(tx: DbClient, provider: Provider, folderId: string, field: SearchField, term: string): Promise<Set<number>> {
  const needle = term.toLowerCase();
  if (provider === "postgres") {
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows =
      field === "text"
        ? await tx.$queryRaw<{ uid: number | bigint }[]>`SELECT m."uid" FROM "MessageSearch" s JOIN "Message" m ON m."id" = s."messageId" WHERE m."folderId" = ${folderId} AND (s."headers" LIKE ${pattern} OR s."body" LIKE ${pattern})`
        : field === "headers"
          ? await tx.$queryRaw<{ uid: number | bigint }[]>`SELECT m."uid" FROM "MessageSearch" s JOIN "Message" m ON m."id" = s."messageId" WHERE m."folderId" = ${folderId} AND s."headers" LIKE ${pattern}`
          : await tx.$queryRaw<{ uid: number | bigint }[]>`SELECT m."uid" FROM "MessageSearch" s JOIN "Message" m ON m."id" = s."messageId" WHERE m."folderId" = ${folderId} AND s."body" LIKE ${pattern}`;
    return new Set(rows.map((row) => Number(row.uid)));
  }
  // FTS5 uses the trigram index only for a plain LIKE (no ESCAPE clause), where % and _ are
  // wildcards: a term containing them matches a superset, which the check below narrows. The FTS
  // table is read first (CROSS JOIN fixes the order; SQLite would otherwise walk every message of
  // the folder and test each text), one indexed LIKE per column.
  const pattern = `%${needle}%`;
  const hasWildcards = /[%_]/.test(term);
  const columns: ("headers" | "body")[] = field === "text" ? ["headers", "body"] : [field];
  const uids = new Set<number>();
  for (const column of columns) {
    const rows = await tx.$queryRawUnsafe<{ uid: number | bigint; text: string }[]>(
      `SELECT m."uid", ${hasWildcards ? `s."${column}"` : "''"} AS "text" FROM "MessageSearch" s CROSS JOIN "Message" m ON m."searchRowId" = s.rowid WHERE s."${column}" LIKE ? AND m."folderId" = ?`,
      pattern,
      folderId,
    );
    for (const row of rows) if (!hasWildcards || row.text.toLowerCase().includes(needle)) uids.add(Number(row.uid));
  }
  return uids;
}

// FTS5 answers INSERT ... RETURNING rowid with -1 through the adapter; last_insert_rowid() of the
// same connection (Prisma's SQLite adapter has one) is the reliable way.
async function lastInsertRowId(tx: DbClient): Promise<number> {
  const rows = await tx.$queryRaw<{ id: bigint | number }[]>`SELECT last_insert_rowid() AS "id"`;
  return Number(rows[0]!.id);
}

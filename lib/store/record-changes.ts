import { insertRows, type Columns } from "../db-insert-rows.ts";
import { notifyChange } from "../db-change-notify.ts";
import type { Sql } from "../sql.ts";
import type { ChangeKind } from "../generated/postgres/client.ts";

/** One entry of the change feed (the Change table): what happened to which UID, at which MODSEQ. */
export type ChangeEntry = { mailboxId: string; folderId: string; modseq: bigint; kind: ChangeKind; uid: number; at?: Date };

const CHANGE_COLUMNS: Columns = [["mailboxId", "text"], ["folderId", "text"], ["modseq", "bigint"], ["kind", { enum: "ChangeKind" }], ["uid", "int"], ["at", "timestamp"]];

/**
 * Writes change-feed entries in one statement, inside the transaction that made the changes, and
 * tells other processes which mailboxes changed (PostgreSQL NOTIFY, sent at commit).
 */
export async function recordChanges(sql: Sql, changes: ChangeEntry[]): Promise<void> {
  const now = new Date();
  await insertRows(sql, "Change", CHANGE_COLUMNS, changes.map((c) => [c.mailboxId, c.folderId, c.modseq, c.kind, c.uid, c.at ?? now]));
  for (const mailboxId of new Set(changes.map((c) => c.mailboxId))) await notifyChange(sql, mailboxId);
}

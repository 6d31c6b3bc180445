import { setImmediate as yieldToOthers } from "node:timers/promises";
import { providerOf, type Db } from "../db.ts";
import { prismaSql, sqliteTimestamp } from "../sql.ts";
import { addDays } from "./reject-filters.ts";

export type PruneResult = { rejects: number; dayCounts: number; catchAllDays: number };

/**
 * Deletes refusals older than the retention, and their roll-ups. The reject log is deleted by
 * ranges of its primary key, `batchSize` ids a statement, each its own short transaction: the
 * MX's batched inserts (new ids at the top of the key) never wait on more than one small delete,
 * on SQLite (one writer at a time) as on PostgreSQL. Safe to run while everything runs, and again.
 */
export async function pruneRejects(db: Db, options: { now?: Date; retentionDays: number; batchSize?: number }): Promise<PruneResult> {
  const batchSize = options.batchSize ?? 5_000;
  const cutoffDay = addDays((options.now ?? new Date()).toISOString().slice(0, 10), -options.retentionDays + 1);
  const cutoff = new Date(`${cutoffDay}T00:00:00Z`);
  const provider = providerOf(db);
  const sql = prismaSql(db, provider);
  const cutoffValue = provider === "sqlite" ? sqliteTimestamp(cutoff) : cutoff;
  const timeCast = provider === "postgres" ? "::timestamp(3)" : "";

  // The key range to walk: from the oldest row to the newest row older than the cutoff (found
  // through the index on `at`). Rows are numbered roughly in time order, so the range is the old rows.
  const [bounds] = await sql.query<{ low: bigint | number | null; high: bigint | number | null }>(
    `SELECT (SELECT MIN("id") FROM "RejectEvent") AS low, (SELECT "id" FROM "RejectEvent" WHERE "at" < ?${timeCast} ORDER BY "at" DESC LIMIT 1) AS high`,
    [cutoffValue],
  );
  let rejects = 0;
  if (bounds?.low != null && bounds.high != null) {
    // The newest old row may not have the highest old id (MX processes flush in their own time).
    const [top] = await sql.query<{ high: bigint | number | null }>(`SELECT MAX("id") AS high FROM "RejectEvent" WHERE "at" < ?${timeCast} AND "id" >= ?`, [cutoffValue, BigInt(bounds.high)]);
    const high = BigInt(top?.high ?? bounds.high);
    for (let low = BigInt(bounds.low); low <= high; low += BigInt(batchSize)) {
      rejects += await sql.execute(`DELETE FROM "RejectEvent" WHERE "id" >= ? AND "id" < ? AND "at" < ?${timeCast}`, [low, low + BigInt(batchSize), cutoffValue]);
      await yieldToOthers();
    }
  }

  let dayCounts = 0;
  for (;;) {
    const deleted = await sql.execute(
      `DELETE FROM "RejectDayCount" WHERE ("scope", "dimension", "day", "value") IN (SELECT "scope", "dimension", "day", "value" FROM "RejectDayCount" WHERE "day" < ? LIMIT ${batchSize})`,
      [cutoffDay],
    );
    dayCounts += deleted;
    if (deleted < batchSize) break;
    await yieldToOthers();
  }
  const { count: catchAllDays } = await db.catchAllRejectDay.deleteMany({ where: { day: { lt: cutoffDay } } });
  return { rejects, dayCounts, catchAllDays };
}

import { insertRows, type Columns } from "../db-insert-rows.ts";
import type { Sql } from "../sql.ts";

/** What the roll-ups need of a stored refusal. */
export type CountedReject = { at: Date; reasonKey: string; mailFrom: string; clientIp: string; accountId?: string | null; mailboxId?: string | null };

export type RejectDimension = "reason" | "sender" | "ip";

/** The null sender (bounces) has no address; the roll-ups and the table show it as "<>". */
export const NULL_SENDER = "<>";

/** The scope strings of RejectDayCount: "*" for staff, "a:<accountId>", "m:<mailboxId>". */
export const scopeKey = {
  all: "*",
  account: (accountId: string) => `a:${accountId}`,
  mailbox: (mailboxId: string) => `m:${mailboxId}`,
};

const COLUMNS: Columns = [
  ["scope", "text"],
  ["day", "text"],
  ["dimension", "text"],
  ["value", "text"],
  ["count", "int"],
];

/** Each refusal's contributions: three scopes at most × three dimensions, summed per key. */
export function dayCountRows(rejects: readonly CountedReject[]): [scope: string, day: string, dimension: RejectDimension, value: string, count: number][] {
  const counts = new Map<string, number>();
  for (const reject of rejects) {
    const day = reject.at.toISOString().slice(0, 10);
    const scopes = [scopeKey.all];
    if (reject.accountId) scopes.push(scopeKey.account(reject.accountId));
    if (reject.mailboxId) scopes.push(scopeKey.mailbox(reject.mailboxId));
    const values: [RejectDimension, string][] = [
      ["reason", reject.reasonKey],
      ["sender", (reject.mailFrom || NULL_SENDER).toLowerCase().slice(0, 320)],
      ["ip", reject.clientIp],
    ];
    for (const scope of scopes) {
      for (const [dimension, value] of values) {
        const key = `${scope}\n${day}\n${dimension}\n${value}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  // Sorted by key: two MX processes upserting overlapping keys then lock them in the same order
  // and wait for each other instead of deadlocking (PostgreSQL).
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => {
      const [scope, day, dimension, value] = key.split("\n") as [string, string, RejectDimension, string];
      return [scope, day, dimension, value, count];
    });
}

/**
 * Adds a batch of stored refusals to the daily roll-ups the charts read, in the caller's
 * transaction (the reject log's batch), so the charts never disagree with the table for long.
 */
export async function addToDayCounts(sql: Sql, rejects: readonly CountedReject[]): Promise<void> {
  const rows = dayCountRows(rejects);
  if (rows.length === 0) return;
  await insertRows(sql, "RejectDayCount", COLUMNS, rows, `ON CONFLICT ("scope", "dimension", "day", "value") DO UPDATE SET "count" = "RejectDayCount"."count" + excluded."count"`);
}

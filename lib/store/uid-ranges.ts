import type { Sql } from "../sql.ts";

/** Inclusive UID ranges, as IMAP sequence sets become once "*" is resolved: [[1, 5], [9, 9]]. */
export type UidRanges = readonly (readonly [number, number])[];

/** The Prisma filter for UIDs in the ranges (an empty list matches nothing). */
export function uidFilter(ranges: UidRanges) {
  if (ranges.length === 0) return { uid: { in: [] as number[] } };
  return { OR: ranges.map(([a, b]) => ({ uid: { gte: Math.min(a, b), lte: Math.max(a, b) } })) };
}

/** UIDs are stored as 32-bit signed integers; IMAP's may be up to 2^32 - 1 (RFC 9051 §2.3.1.1), ours never get that far. */
export const MAX_STORED_UID = 2 ** 31 - 1;

/**
 * The ranges for plain SQL: the bounds of them all as `"uid" BETWEEN ? AND ?` (one index range
 * however scattered the set, and never more than two parameters), and a test for the rows it
 * returns. Empty ranges match nothing.
 */
export function uidBounds(ranges: UidRanges): { where: string; params: [number, number]; includes: (uid: number) => boolean } {
  const merged = mergeRanges(ranges);
  if (merged.length === 0) return { where: `"uid" BETWEEN ? AND ?`, params: [1, 0], includes: () => false };
  const includes = (uid: number) => {
    // The last range that starts at or before the UID is the only one that can hold it.
    let lo = 0;
    let hi = merged.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (merged[mid]![0] <= uid) lo = mid;
      else hi = mid - 1;
    }
    const [a, b] = merged[lo]!;
    return uid >= a && uid <= b;
  };
  const clamp = (uid: number) => Math.min(Math.max(uid, 0), MAX_STORED_UID);
  return { where: `"uid" BETWEEN ? AND ?`, params: [clamp(merged[0]![0]), clamp(merged.at(-1)![1])], includes: merged.length === 1 ? () => true : includes };
}

/** Ascending, with overlapping and touching ranges joined. */
function mergeRanges(ranges: UidRanges): [number, number][] {
  const sorted = ranges.map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** A subquery listing UIDs from one JSON parameter (`?`, the UIDs as a JSON array): thousands of UIDs cost one parameter. */
export function uidListSql(sql: Sql): string {
  return sql.provider === "postgres" ? `SELECT jsonb_array_elements_text(?::jsonb)::integer` : `SELECT value FROM json_each(?)`;
}

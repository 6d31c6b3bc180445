import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { assertCanView, rollupScopeOf, type RejectScope } from "./reject-scope.ts";
import { daysBetween } from "./reject-filters.ts";
import type { RejectDimension } from "./reject-day-counts.ts";

export type RejectCharts = {
  /** One entry per day of the range, with a count per reason key (0 where none). */
  days: ({ day: string } & Record<string, number | string>)[];
  /** Reason keys, most frequent first: the stacks. */
  reasons: string[];
  topReasons: { value: string; count: number }[];
  topSenders: { value: string; count: number }[];
  topIps: { value: string; count: number }[];
  total: number;
};

const TOP = 10;

/**
 * The charts of a report, from the daily roll-ups (RejectDayCount) rather than the reject log:
 * a 30-day chart of an account reads a few hundred rows however many refusals there were.
 * Catch-all refusals are not in them (see loadCatchAllDays).
 */
export async function loadRejectCharts(db: Db, input: { actor: Principal; scope: RejectScope; fromDay: string; toDay: string }): Promise<RejectCharts> {
  assertCanView(input.actor, input.scope);
  const scope = rollupScopeOf(input.scope);
  const range = { scope, day: { gte: input.fromDay, lte: input.toDay } };
  const top = async (dimension: RejectDimension) => {
    const groups = await db.rejectDayCount.groupBy({ by: ["value"], where: { ...range, dimension }, _sum: { count: true }, orderBy: { _sum: { count: "desc" } }, take: TOP });
    return groups.map((group) => ({ value: group.value, count: group._sum.count ?? 0 }));
  };
  const [byDay, topSenders, topIps] = await Promise.all([
    db.rejectDayCount.findMany({ where: { ...range, dimension: "reason" }, select: { day: true, value: true, count: true } }),
    top("sender"),
    top("ip"),
  ]);
  const reasonTotals = new Map<string, number>();
  for (const row of byDay) reasonTotals.set(row.value, (reasonTotals.get(row.value) ?? 0) + row.count);
  const topReasons = [...reasonTotals.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const reasons = topReasons.map((r) => r.value);
  const days = daysBetween(input.fromDay, input.toDay).map((day) => Object.fromEntries([["day", day], ...reasons.map((reason) => [reason, 0])]) as RejectCharts["days"][number]);
  const dayIndex = new Map(days.map((entry, i) => [entry.day, i]));
  for (const row of byDay) {
    const entry = days[dayIndex.get(row.day) ?? -1];
    if (entry) entry[row.value] = (entry[row.value] as number) + row.count;
  }
  return { days, reasons, topReasons: topReasons.slice(0, TOP), topSenders, topIps, total: topReasons.reduce((sum, r) => sum + r.count, 0) };
}

export type CatchAllDay = { domain: string; day: string; count: number; stored: number };

/**
 * Catch-all refusals per domain and day: every one counted, only the first `cap` kept as rows.
 * A mailbox's own report has none (they concern addresses nobody has); an account's covers its
 * domains, staff's every domain.
 */
export async function loadCatchAllDays(db: Db, input: { actor: Principal; scope: RejectScope; fromDay: string; toDay: string; cap: number }): Promise<CatchAllDay[]> {
  assertCanView(input.actor, input.scope);
  if (input.scope.kind === "mailbox") return [];
  const domains = await db.domain.findMany({ where: input.scope.kind === "account" ? { accountId: input.scope.accountId } : {}, select: { id: true, name: true } });
  const names = new Map(domains.map((d) => [d.id, d.name]));
  const rows = await db.catchAllRejectDay.findMany({
    where: { day: { gte: input.fromDay, lte: input.toDay }, ...(input.scope.kind === "account" ? { domainId: { in: [...names.keys()] } } : {}) },
    orderBy: [{ day: "desc" }, { count: "desc" }],
    take: 500,
  });
  return rows.map((row) => ({ domain: names.get(row.domainId) ?? row.domainId, day: row.day, count: row.count, stored: Math.min(row.count, input.cap) }));
}

// The 90-day uptime bar per service: each UTC day's share of successful probes (null: no probes).
import type { Db } from "../db.ts";
import { HEALTH_SERVICES, utcDay, type HealthService } from "./health-vocabulary.ts";

export type UptimeDay = { day: string; ratio: number | null };
export type UptimeBar = { service: HealthService; days: UptimeDay[]; overall: number | null };

export async function readUptimeBars(db: Db, input: { now: Date; days: number }): Promise<UptimeBar[]> {
  const days = Array.from({ length: input.days }, (_, index) => utcDay(new Date(input.now.getTime() - (input.days - 1 - index) * 86_400_000)));
  const rows = await db.serviceProbeDay.findMany({ where: { day: { gte: days[0] } }, select: { service: true, day: true, okCount: true, failCount: true } });
  return HEALTH_SERVICES.map((service) => {
    const mine = new Map(rows.filter((row) => row.service === service).map((row) => [row.day, row]));
    let ok = 0;
    let all = 0;
    const bar = days.map((day) => {
      const row = mine.get(day);
      if (!row || row.okCount + row.failCount === 0) return { day, ratio: null };
      ok += row.okCount;
      all += row.okCount + row.failCount;
      return { day, ratio: row.okCount / (row.okCount + row.failCount) };
    });
    return { service, days: bar, overall: all === 0 ? null : ok / all };
  });
}

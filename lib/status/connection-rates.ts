// Staff's connection-rate graphs: per service, connections and logins per minute over a recent
// span, with the missing minutes as zeros (a rate far from normal is the first sign of trouble).
import type { Db } from "../db.ts";
import { HEALTH_SERVICES, minuteOf, type HealthService } from "./health-vocabulary.ts";

export type MinutePoint = { minute: Date; count: number };
export type ConnectionRate = { service: HealthService; connections: MinutePoint[]; logins: MinutePoint[] };

export async function readConnectionRates(db: Db, input: { now: Date; minutes: number }): Promise<ConnectionRate[]> {
  const last = minuteOf(input.now).getTime();
  const minutes = Array.from({ length: input.minutes }, (_, i) => new Date(last - (input.minutes - 1 - i) * 60_000));
  const rows = await db.serviceMinute.findMany({ where: { minute: { gte: minutes[0], lte: minutes.at(-1) } } });
  const series = (service: string, metric: string) => {
    const counts = new Map(rows.filter((row) => row.service === service && row.metric === metric).map((row) => [row.minute.getTime(), row.count]));
    return minutes.map((minute) => ({ minute, count: counts.get(minute.getTime()) ?? 0 }));
  };
  return HEALTH_SERVICES.map((service) => ({ service, connections: series(service, "connections"), logins: series(service, "logins") }));
}

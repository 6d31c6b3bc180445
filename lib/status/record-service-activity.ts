// The writes behind live health: a process's heartbeat, its per-minute counts, the prober's results.
// Each is one upsert, cheap enough to run every few seconds from every process.
import type { Db } from "../db.ts";
import { minuteOf, utcDay, type ActivityMetric } from "./health-vocabulary.ts";

export async function recordHeartbeat(db: Db, input: { service: string; instance: string; at: Date }): Promise<void> {
  await db.serviceHeartbeat.upsert({
    where: { service_instance: { service: input.service, instance: input.instance } },
    create: { service: input.service, instance: input.instance, at: input.at },
    update: { at: input.at },
  });
}

/** Adds counts to a minute's totals (several processes of a service add to the same row). */
export async function addMinuteCount(db: Db, input: { service: string; metric: ActivityMetric; at: Date; count: number }): Promise<void> {
  if (input.count <= 0) return;
  const minute = minuteOf(input.at);
  await db.serviceMinute.upsert({
    where: { service_metric_minute: { service: input.service, metric: input.metric, minute } },
    create: { service: input.service, metric: input.metric, minute, count: input.count },
    update: { count: { increment: input.count } },
  });
}

export async function recordProbeResult(db: Db, input: { service: string; at: Date; ok: boolean; detail: string }): Promise<void> {
  const detail = input.detail.slice(0, 200);
  await db.serviceProbeDay.upsert({
    where: { service_day: { service: input.service, day: utcDay(input.at) } },
    create: { service: input.service, day: utcDay(input.at), okCount: input.ok ? 1 : 0, failCount: input.ok ? 0 : 1, lastAt: input.at, lastOk: input.ok, lastDetail: detail },
    update: { okCount: { increment: input.ok ? 1 : 0 }, failCount: { increment: input.ok ? 0 : 1 }, lastAt: input.at, lastOk: input.ok, lastDetail: detail },
  });
}

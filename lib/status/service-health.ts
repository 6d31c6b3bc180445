// Up, degraded or down per service, from two independent signs: the freshest heartbeat of any of
// its processes (is it running?) and the prober's latest greeting check (does it answer?).
import type { Db } from "../db.ts";
import { HEALTH_SERVICES, utcDay, type HealthService } from "./health-vocabulary.ts";

export type HealthLevel = "up" | "degraded" | "down" | "unknown";

export type ServiceHealth = {
  service: HealthService;
  level: HealthLevel;
  lastHeartbeat: Date | null;
  lastProbe: { at: Date; ok: boolean; detail: string } | null;
};

/**
 * - up: a fresh heartbeat, and the probe (when there is a fresh one) answered;
 * - degraded: one sign says yes and the other no (running but not answering, or answering with no heartbeat);
 * - down: neither sign is good; unknown: nothing was ever recorded (a service this site does not run).
 */
export function healthLevel(input: { now: Date; staleMs: number; lastHeartbeat: Date | null; lastProbe: { at: Date; ok: boolean } | null }): HealthLevel {
  if (!input.lastHeartbeat && !input.lastProbe) return "unknown";
  const fresh = (at: Date) => input.now.getTime() - at.getTime() <= input.staleMs;
  const alive = input.lastHeartbeat !== null && fresh(input.lastHeartbeat);
  const probe = input.lastProbe && fresh(input.lastProbe.at) ? input.lastProbe : null;
  if (alive) return probe && !probe.ok ? "degraded" : "up";
  return probe?.ok ? "degraded" : "down";
}

export async function readServiceHealth(db: Db, input: { now: Date; staleMs: number }): Promise<ServiceHealth[]> {
  const yesterday = utcDay(new Date(input.now.getTime() - 86_400_000));
  const [beats, probes] = await Promise.all([
    db.serviceHeartbeat.groupBy({ by: ["service"], where: { at: { lte: input.now } }, _max: { at: true } }),
    db.serviceProbeDay.findMany({ where: { day: { gte: yesterday }, lastAt: { lte: input.now } }, orderBy: { lastAt: "desc" } }),
  ]);
  return HEALTH_SERVICES.map((service) => {
    const lastHeartbeat = beats.find((beat) => beat.service === service)?._max.at ?? null;
    const probe = probes.find((row) => row.service === service);
    const lastProbe = probe ? { at: probe.lastAt, ok: probe.lastOk, detail: probe.lastDetail } : null;
    return { service, level: healthLevel({ now: input.now, staleMs: input.staleMs, lastHeartbeat, lastProbe }), lastHeartbeat, lastProbe };
  });
}

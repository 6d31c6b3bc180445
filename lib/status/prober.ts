// Every minute, checks each configured daemon's greeting and records the result (the uptime bar and
// the latest answer). Runs inside the web process (see server.ts): the status page lives there, so
// whenever the page can be seen the prober is running; and it probes from outside the daemons, so a
// daemon that hangs with its heartbeat timer still firing is caught.
import type { Db } from "../db.ts";
import { probeGreeting, type ProbeTarget } from "./probe-greeting.ts";
import { recordProbeResult } from "./record-service-activity.ts";

export const DEFAULT_PROBE_MS = 60_000;

/**
 * Probes every target and records one result per service: up only when each of its listeners
 * answers (IMAP on 143 and 993, say), else the first failure, named by its port.
 */
export async function probeOnce(db: Db, targets: ProbeTarget[], now: () => Date = () => new Date()): Promise<void> {
  const results = await Promise.all(targets.map(async (target) => ({ target, result: await probeGreeting(target) })));
  const services = [...new Set(targets.map((target) => target.service))];
  await Promise.all(
    services.map(async (service) => {
      const own = results.filter((entry) => entry.target.service === service);
      const failed = own.find((entry) => !entry.result.ok);
      const result = failed ? { ok: false, detail: own.length > 1 ? `port ${failed.target.port}: ${failed.result.detail}` : failed.result.detail } : own[0]!.result;
      await recordProbeResult(db, { service, at: now(), ...result }).catch((error: unknown) => console.error(`status: recording the ${service} probe failed:`, error instanceof Error ? error.message : error));
    }),
  );
}

export function startProber(db: Db, input: { targets: ProbeTarget[]; intervalMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(() => probeOnce(db, input.targets));
  };
  const timer = setInterval(tick, input.intervalMs ?? DEFAULT_PROBE_MS);
  // The first round after one interval, not at start: the daemons start alongside this process.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

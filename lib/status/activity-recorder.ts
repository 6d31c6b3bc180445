// What each daemon and the web app run: a heartbeat every few seconds, and the connections and
// logins counted in memory and added to the minute's row on the same tick (one upsert per metric,
// not one per connection). Errors are logged and retried on the next tick: health recording must
// never take a daemon down.
import { hostname } from "node:os";
import type { Server } from "node:net";
import type { Db } from "../db.ts";
import type { ActivityMetric } from "./health-vocabulary.ts";
import { addMinuteCount, recordHeartbeat } from "./record-service-activity.ts";

export type ActivityRecorder = {
  count(metric: ActivityMetric, n?: number): void;
  /** Counts every connection a server accepts. */
  watch(server: Server): void;
  /** Writes now (a tick); resolves when written. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

export const DEFAULT_HEARTBEAT_MS = 10_000;

let processRecorder: ActivityRecorder | null = null;

/** The recorder this process started, if any: sessions count logins through it. */
export function currentActivityRecorder(): ActivityRecorder | null {
  return processRecorder;
}

export function startActivityRecorder(db: Db, input: { service: string; intervalMs?: number; instance?: string; now?: () => Date }): ActivityRecorder {
  const clock = input.now ?? (() => new Date());
  const instance = input.instance ?? `${hostname()}:${process.pid}`;
  const pending: Record<ActivityMetric, number> = { connections: 0, logins: 0 };
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const at = clock();
    const counts = { ...pending };
    pending.connections = 0;
    pending.logins = 0;
    try {
      await recordHeartbeat(db, { service: input.service, instance, at });
      for (const metric of ["connections", "logins"] as const) await addMinuteCount(db, { service: input.service, metric, at, count: counts[metric] });
    } catch (error) {
      pending.connections += counts.connections;
      pending.logins += counts.logins;
      console.error(`status: recording ${input.service} activity failed:`, error instanceof Error ? error.message : error);
    }
  }
  const tick = () => (writing = writing.then(write));
  const timer = setInterval(tick, input.intervalMs ?? DEFAULT_HEARTBEAT_MS);
  timer.unref();
  void tick();

  const recorder: ActivityRecorder = {
    count(metric, n = 1) {
      pending[metric] += n;
    },
    watch(server) {
      server.on("connection", () => (pending.connections += 1));
    },
    flush: () => tick(),
    async stop() {
      clearInterval(timer);
      await writing;
      if (processRecorder === recorder) processRecorder = null;
    },
  };
  processRecorder ??= recorder;
  return recorder;
}

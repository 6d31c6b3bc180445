// The status page's timing knobs, from the environment: defaults for production; tests shorten
// them so a stopped daemon shows as down in seconds, not minutes.
import { z } from "zod";
import { DEFAULT_HEARTBEAT_STALE_MS } from "./health-vocabulary.ts";
import { DEFAULT_HEARTBEAT_MS } from "./activity-recorder.ts";
import { DEFAULT_PROBE_MS } from "./prober.ts";

const ms = (fallback: number) => z.coerce.number().int().min(100).max(3_600_000).default(fallback);
const Settings = z.object({
  STATUS_HEARTBEAT_MS: ms(DEFAULT_HEARTBEAT_MS),
  STATUS_HEARTBEAT_STALE_MS: ms(DEFAULT_HEARTBEAT_STALE_MS),
  STATUS_PROBE_MS: ms(DEFAULT_PROBE_MS),
});

export type StatusSettings = { heartbeatMs: number; staleMs: number; probeMs: number };

export function loadStatusSettings(env: Record<string, string | undefined> = process.env): StatusSettings {
  const parsed = Settings.safeParse(env);
  if (!parsed.success) throw new Error(`status settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return { heartbeatMs: parsed.data.STATUS_HEARTBEAT_MS, staleMs: parsed.data.STATUS_HEARTBEAT_STALE_MS, probeMs: parsed.data.STATUS_PROBE_MS };
}

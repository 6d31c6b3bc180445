// The one call each process makes at start: heartbeats and per-minute counts for the status page,
// at the configured interval. The recorder's timer does not keep the process alive.
import type { Db } from "../db.ts";
import { startActivityRecorder, type ActivityRecorder } from "./activity-recorder.ts";
import { loadStatusSettings } from "./status-settings.ts";

export function startServiceRecording(db: Db, service: "smtp" | "imap" | "pop3" | "ldap" | "web"): ActivityRecorder {
  return startActivityRecorder(db, { service, intervalMs: loadStatusSettings().heartbeatMs });
}

/** Counts one accepted connection for this process's recorder (a no-op where none was started, as in tests). */
export { currentActivityRecorder } from "./activity-recorder.ts";

// The web process's part in live health: its own heartbeat and connection count, and the prober.
// The prober runs here rather than as a process of its own: the status page is served from this
// process, so whenever the page can be seen its prober is running, and a supervised extra process
// would need its own restarts and heartbeat for no gain. It checks the daemons from outside (over
// TCP), so a daemon whose heartbeat timer still fires but which no longer answers is caught.
import type { Server } from "node:net";
import type { Config } from "../env.ts";
import { getDb } from "../db.ts";
import { startActivityRecorder } from "./activity-recorder.ts";
import { startProber } from "./prober.ts";
import { GREETINGS, type ProbeTarget } from "./probe-greeting.ts";
import { loadStatusSettings } from "./status-settings.ts";

/** The daemons' plain ports on this host, as the prober sees them. */
export function probeTargets(config: Pick<Config, "ports">): ProbeTarget[] {
  const host = "127.0.0.1";
  return [
    { service: "smtp", host, port: config.ports.smtp, greeting: GREETINGS.smtp },
    { service: "imap", host, port: config.ports.imap, greeting: GREETINGS.imap },
    { service: "pop3", host, port: config.ports.pop3, greeting: GREETINGS.pop3 },
    { service: "ldap", host, port: config.ports.ldap, greeting: GREETINGS.ldap },
  ];
}

export async function startWebStatus(server: Server, config: Pick<Config, "ports">): Promise<void> {
  const settings = loadStatusSettings();
  const db = await getDb();
  startActivityRecorder(db, { service: "web", intervalMs: settings.heartbeatMs }).watch(server);
  startProber(db, { targets: probeTargets(config), intervalMs: settings.probeMs });
}

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

/** Every listener of the daemons on this host, plain and implicit-TLS, as the prober sees them. */
export function probeTargets(config: Pick<Config, "ports">): ProbeTarget[] {
  const host = "127.0.0.1";
  const { ports } = config;
  return [
    { service: "smtp", host, port: ports.smtp, greeting: GREETINGS.smtp },
    { service: "smtp", host, port: ports.submission, greeting: GREETINGS.smtp },
    { service: "smtp", host, port: ports.smtps, greeting: GREETINGS.smtp, tls: true },
    { service: "imap", host, port: ports.imap, greeting: GREETINGS.imap },
    { service: "imap", host, port: ports.imaps, greeting: GREETINGS.imap, tls: true },
    { service: "pop3", host, port: ports.pop3, greeting: GREETINGS.pop3 },
    { service: "pop3", host, port: ports.pop3s, greeting: GREETINGS.pop3, tls: true },
    { service: "ldap", host, port: ports.ldap, greeting: GREETINGS.ldap },
    { service: "ldap", host, port: ports.ldaps, greeting: GREETINGS.ldap, tls: true },
  ];
}

export async function startWebStatus(server: Server, config: Pick<Config, "ports">): Promise<void> {
  const settings = loadStatusSettings();
  const db = await getDb();
  startActivityRecorder(db, { service: "web", intervalMs: settings.heartbeatMs }).watch(server);
  startProber(db, { targets: probeTargets(config), intervalMs: settings.probeMs });
}

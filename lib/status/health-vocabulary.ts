// The processes whose health the page shows: each daemon and the web app.
export const HEALTH_SERVICES = ["smtp", "imap", "pop3", "ldap", "web"] as const;
export type HealthService = (typeof HEALTH_SERVICES)[number];

export const HEALTH_SERVICE_LABELS: Record<HealthService, string> = { smtp: "SMTP", imap: "IMAP", pop3: "POP3", ldap: "LDAP", web: "Webmail & Manager" };

export type ActivityMetric = "connections" | "logins";

/** A heartbeat older than this means the process is gone (the page's default; configurable for tests). */
export const DEFAULT_HEARTBEAT_STALE_MS = 90_000;

/** `YYYY-MM-DD` of a time, UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The start of a time's minute. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

// The words a status post is made of: its kinds, states and the services it can name. One list
// each, shared by the editor's form, the public page's labels and the feeds.

export const STATUS_KINDS = ["INCIDENT", "MAINTENANCE", "ANNOUNCEMENT", "CHANGE"] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

export const STATUS_STATES = ["INVESTIGATING", "ONGOING", "RESOLVED", "SCHEDULED", "COMPLETED"] as const;
export type StatusState = (typeof STATUS_STATES)[number];

/** What a post can say is affected, in the order the page lists them. */
export const POST_SERVICES = ["smtp", "imap", "pop3", "ldap", "webmail", "manager", "network"] as const;
export type PostService = (typeof POST_SERVICES)[number];

export const POST_SERVICE_LABELS: Record<PostService, string> = {
  smtp: "SMTP",
  imap: "IMAP",
  pop3: "POP3",
  ldap: "LDAP",
  webmail: "Webmail",
  manager: "Manager",
  network: "Network",
};

export const KIND_LABELS: Record<StatusKind, string> = {
  INCIDENT: "Incident",
  MAINTENANCE: "Maintenance",
  ANNOUNCEMENT: "Announcement",
  CHANGE: "Change",
};

export const STATE_LABELS: Record<StatusState, string> = {
  INVESTIGATING: "Investigating",
  ONGOING: "Ongoing",
  RESOLVED: "Resolved",
  SCHEDULED: "Scheduled",
  COMPLETED: "Completed",
};

/** The stored comma-separated list as known services, unknown keys dropped, in the canonical order. */
export function parseServices(stored: string): PostService[] {
  const named = new Set(stored.split(",").map((key) => key.trim().toLowerCase()));
  return POST_SERVICES.filter((service) => named.has(service));
}

/** Services as stored: canonical order, no duplicates. */
export function formatServices(services: readonly string[]): string {
  return parseServices(services.join(",")).join(",");
}

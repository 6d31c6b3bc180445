/** A signed-in mailbox, as every entry point (web session, IMAP, SMTP AUTH, ...) knows it. */
export type Principal = {
  kind: "mailbox";
  mailboxId: string;
  accountId: string;
  address: string;
  displayName: string;
  accessLevel: "FULL_MANAGEMENT" | "SELF";
  role: "STAFF" | "ADMIN" | null;
  /** Set when staff are looking at this mailbox's pages read-only (lib/auth/view-as-token.ts): who is looking. */
  viewedBy?: { mailboxId: string; address: string };
};

/** The service itself: the demo seed, scheduled jobs. Allowed everything, recorded as "system". */
export type SystemActor = { kind: "system" };

export type Actor = Principal | SystemActor;

export const SYSTEM_ACTOR: SystemActor = { kind: "system" };

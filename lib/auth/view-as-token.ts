import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A staff member's read-only view of a mailbox's pages: which staff session is looking at which
 * mailbox, until when. Kept in a cookie of its own beside the staff member's session, signed with
 * the web's secret so it cannot be forged or pointed at another mailbox; short-lived, so a view
 * left open ends by itself.
 */
export type ViewAs = { staffMailboxId: string; mailboxId: string; expiresAt: number };

export const VIEW_AS_COOKIE = "mailwright-view-as";
export const VIEW_AS_SECONDS = 30 * 60;

function signature(payload: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`view-as:${payload}`).digest();
}

export function signViewAs(view: ViewAs, secret: string): string {
  const payload = Buffer.from(JSON.stringify(view)).toString("base64url");
  return `${payload}.${signature(payload, secret).toString("base64url")}`;
}

/** The view a cookie names, or null when it is forged, malformed or expired. */
export function readViewAs(token: string | undefined, secret: string, now = Date.now()): ViewAs | null {
  const [payload, mac, extra] = (token ?? "").split(".");
  if (!payload || !mac || extra !== undefined) return null;
  const given = Buffer.from(mac, "base64url");
  const expected = signature(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const view = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<ViewAs>;
    if (typeof view.staffMailboxId !== "string" || typeof view.mailboxId !== "string" || typeof view.expiresAt !== "number") return null;
    return view.expiresAt > now ? { staffMailboxId: view.staffMailboxId, mailboxId: view.mailboxId, expiresAt: view.expiresAt } : null;
  } catch {
    return null;
  }
}

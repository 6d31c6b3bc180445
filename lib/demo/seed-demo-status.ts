// The demo's status page: a few posts of each kind, dated around the moment of seeding so the page
// always looks lived-in (a resolved incident with its updates, a completed and an upcoming
// maintenance window, an announcement and a policy change).
import type { Db } from "../db.ts";
import { slugBase } from "../status/status-post-slug.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A whole-hour time `offsetMs` from now: demo posts read better at round times. */
function around(now: Date, offsetMs: number): Date {
  return new Date(Math.floor((now.getTime() + offsetMs) / HOUR) * HOUR);
}

export async function seedDemoStatus(db: Db, now: Date = new Date()): Promise<void> {
  const posts = [
    {
      title: "New webmail beta open to everyone",
      kind: "ANNOUNCEMENT" as const,
      state: "RESOLVED" as const,
      services: "webmail",
      publishedAt: around(now, -20 * DAY),
      body: "The new webmail is ready for wider testing. It threads conversations, previews attachments and works on a phone.\n\nSwitch it on under **My mailbox → Settings**; you can switch back at any time. Tell us what you think at support@mailwright.test.",
    },
    {
      title: "Stricter sending limits for new accounts",
      kind: "CHANGE" as const,
      state: "RESOLVED" as const,
      services: "smtp",
      publishedAt: around(now, -12 * DAY),
      body: "From today, a new account may send to at most **200 outside recipients an hour** during its first week. Established accounts are not affected.\n\nWhy: nearly all of the spam sent through us last quarter came from accounts less than a week old.",
    },
    {
      title: "IMAP kernel update",
      kind: "MAINTENANCE" as const,
      state: "SCHEDULED" as const,
      services: "imap,pop3",
      publishedAt: around(now, -9 * DAY),
      startsAt: around(now, -7 * DAY + 2 * HOUR),
      endsAt: new Date(around(now, -7 * DAY + 2 * HOUR).getTime() + 5 * 60_000),
      body: "We will update the kernel on the IMAP and POP3 servers. Expect about **five minutes** in which mail clients cannot connect; they reconnect by themselves afterwards. Mail keeps arriving throughout.",
    },
    {
      title: "Slow delivery: routing trouble at an upstream network",
      kind: "INCIDENT" as const,
      state: "RESOLVED" as const,
      services: "smtp,network",
      publishedAt: around(now, -3 * DAY),
      body: "Some connections to and from our servers are taking far longer than usual. Incoming and outgoing mail is delayed by up to 30 minutes; nothing is lost. We are working with our upstream provider.",
      updates: [
        { offset: 40 * 60_000, state: "ONGOING" as const, body: "Our upstream provider has found a faulty route announcement and is withdrawing it." },
        { offset: 95 * 60_000, state: "RESOLVED" as const, body: "Routes are back to normal and the delayed mail has been delivered. Sorry for the wait." },
      ],
    },
    {
      title: "Database upgrade for the Manager",
      kind: "MAINTENANCE" as const,
      state: "SCHEDULED" as const,
      services: "manager,webmail",
      publishedAt: around(now, -1 * DAY),
      startsAt: around(now, 2 * DAY),
      endsAt: around(now, 2 * DAY + HOUR),
      body: "We will move the Manager and webmail to a new database server. During the window the Manager is **read-only** and webmail may answer slowly for a few minutes. IMAP, POP3 and mail delivery are not affected.",
    },
  ];
  for (const post of posts) {
    const { updates = [], ...fields } = post as typeof post & { updates?: { offset: number; state: "ONGOING" | "RESOLVED"; body: string }[] };
    await db.statusPost.create({
      data: {
        ...fields,
        slug: slugBase(fields.title, fields.publishedAt),
        updates: { create: updates.map((update) => ({ at: new Date(fields.publishedAt.getTime() + update.offset), state: update.state, body: update.body })) },
      },
    });
  }
}

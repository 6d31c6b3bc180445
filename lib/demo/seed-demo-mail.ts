// A few messages in each demo customer mailbox, so a newcomer's first look at the webmail (or at
// Thunderbird over IMAP) shows what it does: an HTML welcome, a conversation with a reply in Sent,
// a flagged message with an attachment, and a newsletter whose remote image waits for "Show images".
// Delivered through the one write path (ingestMessage), as SMTP delivery would. Written for the demo.
import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { StoreDeps } from "../store/store-deps.ts";
import type { FolderRef } from "../store/find-folder.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";

type Person = { name: string; address: string };

/** Who writes to whom: each demo customer mailbox and the colleague its conversation is with. */
export const DEMO_MAIL_PAIRS: readonly { owner: Person; colleague: Person }[] = [
  { owner: { name: "Alice Example", address: "alice@example.test" }, colleague: { name: "Bob Example", address: "bob@example.test" } },
  { owner: { name: "Bob Example", address: "bob@example.test" }, colleague: { name: "Alice Example", address: "alice@example.test" } },
  { owner: { name: "Example Co Manager", address: "manager@example.test" }, colleague: { name: "Alice Example", address: "alice@example.test" } },
];

const TEAM: Person = { name: "Mailwright", address: "team@mailwright.test" };
const NEWSLETTER: Person = { name: "Harbour Bakery", address: "news@harbour-bakery.example" };
const HOUR = 3_600_000;

type DemoMessage = {
  folder: "INBOX" | "SENT";
  flags: string[];
  hoursAgo: number;
  from: Person;
  to: Person;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: string }[];
  headers?: Record<string, string>;
  /** The message this one answers (an index into the same list). */
  replyTo?: number;
};

function demoMessages(owner: Person, colleague: Person): DemoMessage[] {
  const first = owner.name.split(" ")[0];
  const other = colleague.name.split(" ")[0];
  return [
    {
      folder: "INBOX",
      flags: [],
      hoursAgo: 72,
      from: TEAM,
      to: owner,
      subject: "Welcome to your Mailwright mailbox",
      text: `Hello ${first},\n\nThis is your mailbox. A few things worth knowing:\n\n- Press ? anywhere in the webmail for the keyboard shortcuts (j and k move, r replies, e archives).\n- Search understands from:, to:, subject:, has:attachment, is:unread, before: and after:.\n- Under Manager you find your address books and the settings for Thunderbird, Outlook and your phone (IMAP, POP3, SMTP and LDAP).\n\nThe Mailwright team\n`,
      html: `<p>Hello ${first},</p><p>This is your mailbox. A few things worth knowing:</p><ul><li>Press <b>?</b> anywhere in the webmail for the keyboard shortcuts (<b>j</b> and <b>k</b> move, <b>r</b> replies, <b>e</b> archives).</li><li>Search understands <code>from:</code>, <code>to:</code>, <code>subject:</code>, <code>has:attachment</code>, <code>is:unread</code>, <code>before:</code> and <code>after:</code>.</li><li>Under <b>Manager</b> you find your address books and the settings for Thunderbird, Outlook and your phone (IMAP, POP3, SMTP and LDAP).</li></ul><p>The Mailwright team</p>`,
    },
    {
      folder: "INBOX",
      flags: ["\\Seen"],
      hoursAgo: 50,
      from: colleague,
      to: owner,
      subject: "Lunch on Thursday?",
      text: `Hi ${first},\n\nThe new place by the harbour has a lunch menu now. Thursday at 12:30?\n\n${other}\n`,
    },
    {
      folder: "SENT",
      flags: ["\\Seen"],
      hoursAgo: 49,
      from: owner,
      to: colleague,
      subject: "Re: Lunch on Thursday?",
      text: `Thursday works. 12:30 at the harbour, I'll book a table.\n\n${first}\n`,
      replyTo: 1,
    },
    {
      folder: "INBOX",
      flags: [],
      hoursAgo: 47,
      from: colleague,
      to: owner,
      subject: "Re: Lunch on Thursday?",
      text: `Great, see you there. Could we make it 12:45? My call before runs late.\n\n${other}\n`,
      replyTo: 2,
    },
    {
      folder: "INBOX",
      flags: ["\\Seen", "\\Flagged"],
      hoursAgo: 26,
      from: colleague,
      to: owner,
      subject: "Figures for the November report",
      text: `Hi ${first},\n\nThe figures for the November report are attached. The totals row is new.\n\n${other}\n`,
      attachments: [{ filename: "november-figures.csv", contentType: "text/csv", content: "region,orders,revenue\r\nNorth,412,18230.50\r\nSouth,389,17002.00\r\nTotal,801,35232.50\r\n" }],
    },
    {
      folder: "INBOX",
      flags: [],
      hoursAgo: 3,
      from: NEWSLETTER,
      to: owner,
      subject: "Winter breads are back",
      text: "Winter breads are back at Harbour Bakery: rye with caraway, and the walnut loaf.\nhttps://harbour-bakery.example/winter\n\nUnsubscribe: https://harbour-bakery.example/unsubscribe\n",
      // The picture is remote: the webmail shows it only after "Show images".
      html: `<h1>Winter breads are back</h1><p><img src="https://harbour-bakery.example/images/winter.jpg" alt="A walnut loaf" width="480"></p><p>Rye with caraway, and the walnut loaf. <a href="https://harbour-bakery.example/winter">See the winter menu</a>.</p><p style="color:#666;font-size:12px">You get this because you signed up at the counter. <a href="https://harbour-bakery.example/unsubscribe">Unsubscribe</a>.</p>`,
      headers: { "List-Unsubscribe": "<https://harbour-bakery.example/unsubscribe>", "List-Id": "Harbour Bakery news <news.harbour-bakery.example>" },
    },
  ];
}

/** Fills the demo customer mailboxes with their messages (the caller seeds only a new directory). */
export async function seedDemoMail(store: StoreDeps, now = new Date()): Promise<number> {
  let count = 0;
  for (const { owner, colleague } of DEMO_MAIL_PAIRS) {
    const mailbox = await findMailboxByAddress(store.db, owner.address);
    if (!mailbox) continue;
    // Each message's Message-ID, and the References it carries (its parent's, then the parent).
    const sent: { messageId: string; references: string[] }[] = [];
    for (const message of demoMessages(owner, colleague)) {
      const messageId = `<${randomUUID()}@${message.from.address.split("@")[1]}>`;
      const parent = message.replyTo === undefined ? undefined : sent[message.replyTo]!;
      const references = parent ? [...parent.references, parent.messageId] : [];
      sent.push({ messageId, references });
      const date = new Date(now.getTime() - message.hoursAgo * HOUR);
      const raw = await new MailComposer({
        from: message.from,
        to: [message.to],
        subject: message.subject,
        text: message.text.replace(/\n/g, "\r\n"),
        html: message.html,
        attachments: message.attachments,
        headers: message.headers,
        messageId,
        inReplyTo: parent?.messageId,
        references: references.length > 0 ? references : undefined,
        date,
        xMailer: false,
      })
        .compile()
        .build();
      const folder: FolderRef = message.folder === "SENT" ? { specialUse: "SENT" } : "INBOX";
      await ingestMessage(store, { mailboxId: mailbox.id, folder, source: "import", raw, flags: message.flags, internalDate: date });
      count += 1;
    }
  }
  return count;
}

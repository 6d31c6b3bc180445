import { beforeEach, describe, expect, it } from "vitest";
import { sendVacationReplies, sendVacationReply } from "./send-vacation-reply.ts";
import { parseMessage } from "../mime/parse-message.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { updateMailSettings } from "../mail-settings/update-mail-settings.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import type { Db } from "../db.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";

const NOW = new Date("2026-12-10T12:00:00Z");

function mail(to: string, extra: string[] = [], subject = "Meeting on Monday") {
  return Buffer.from(
    [`From: Remote Person <${"x"}@remote.example>`, `To: ${to}`, `Subject: ${subject}`, "Message-ID: <orig-1@remote.example>", "References: <root@remote.example>", ...extra, "MIME-Version: 1.0", "Content-Type: text/plain", "", "Are you in?", ""].join(
      "\r\n",
    ),
  );
}

describe("vacation replies", () => {
  let deps: StoreDeps;
  let db: Db;
  let mailboxId: string;
  let address: string;
  let sender: string;

  const reply = (raw: Buffer, envelopeSender = sender, now = NOW) => sendVacationReply({ db, store: deps }, { mailboxId, envelopeSender, raw, parsed: parseMessage(raw), now });
  const queuedTo = (recipient: string) => db.outboundMessage.findMany({ where: { recipients: { some: { address: recipient } } }, include: { recipients: true } });

  beforeEach(async () => {
    const store = await createTestStore();
    ({ deps, db, mailboxId, address } = store);
    sender = `${uniqueName("person")}@remote.example`;
    const actor = (await loadPrincipal(db, mailboxId))!;
    await updateMailSettings(db, {
      actor,
      settings: { timeZone: "UTC", vacation: { isEnabled: true, subject: "", body: "I am away until the 20th.\nBack soon.", startDate: "2026-12-01", endDate: "2026-12-20", intervalDays: 7 } },
    });
  });

  it("answers a normal message once per interval, per RFC 3834, from the null sender", async () => {
    expect(await reply(mail(address))).toEqual({ isSent: true });
    const [queued] = await queuedTo(sender);
    expect(queued).toBeDefined();
    expect(queued!.mailFrom).toBe("");
    expect(queued!.origin).toBe("NOTICE");
    const text = Buffer.from(queued!.content).toString("utf8");
    expect(text).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    expect(text).toMatch(/^In-Reply-To: <orig-1@remote.example>\r$/m);
    expect(text).toMatch(/^References: <root@remote.example> <orig-1@remote.example>\r$/m);
    expect(text).toMatch(/^Subject: Re: Meeting on Monday\r$/m);
    expect(text).toContain(`<${address}>`);
    const parsed = parseMessage(Buffer.from(queued!.content));
    expect(parsed.text).toContain("I am away until the 20th.");

    // within the interval: none; after it: another
    expect(await reply(mail(address), sender, new Date(NOW.getTime() + 3 * 86_400_000))).toEqual({ isSent: false, reason: "already answered within the interval" });
    expect(await reply(mail(address), sender.toUpperCase(), new Date(NOW.getTime() + 3 * 86_400_000))).toMatchObject({ isSent: false });
    expect(await reply(mail(address), sender, new Date(NOW.getTime() + 8 * 86_400_000))).toEqual({ isSent: true });
    expect(await queuedTo(sender)).toHaveLength(2);
  });

  it("sends one reply when two messages from one sender arrive together", async () => {
    const results = await Promise.all([reply(mail(address)), reply(mail(address)), reply(mail(address))]);
    expect(results.filter((r) => r.isSent)).toHaveLength(1);
    expect(await queuedTo(sender)).toHaveLength(1);
  });

  it("never answers lists, bulk, auto-submitted mail, bounces, machines, or mail not addressed to the mailbox", async () => {
    expect(await reply(mail(address, ["List-Id: <team.lists.remote.example>"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address, ["List-Unsubscribe: <mailto:leave@remote.example>"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address, ["Precedence: bulk"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address, ["Precedence: list"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address, ["Auto-Submitted: auto-replied"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address, ["Auto-Submitted: auto-generated; type=dsn"]))).toMatchObject({ isSent: false });
    expect(await reply(mail(address), "")).toMatchObject({ isSent: false });
    expect(await reply(mail(address), "MAILER-DAEMON@remote.example")).toMatchObject({ isSent: false });
    expect(await reply(mail(address), "noreply@remote.example")).toMatchObject({ isSent: false });
    expect(await reply(mail(address), "owner-team@remote.example")).toMatchObject({ isSent: false });
    expect(await reply(mail("someone-else@remote.example"))).toEqual({ isSent: false, reason: "not addressed to the mailbox" });
    expect(await queuedTo(sender)).toHaveLength(0);
    // "Auto-Submitted: no" is a person's message
    expect(await reply(mail(address, ["Auto-Submitted: no"]))).toEqual({ isSent: true });
  });

  it("answers only between the first and the last day", async () => {
    expect(await reply(mail(address), sender, new Date("2026-11-30T23:59:59Z"))).toEqual({ isSent: false, reason: "outside the absence" });
    expect(await reply(mail(address), sender, new Date("2026-12-21T00:00:00Z"))).toEqual({ isSent: false, reason: "outside the absence" });
    expect(await reply(mail(address), sender, new Date("2026-12-20T23:59:00Z"))).toEqual({ isSent: true });
  });

  it("delivers the reply to a local sender's INBOX, with the subject from the settings", async () => {
    const local = await createTestStore();
    const actor = (await loadPrincipal(db, mailboxId))!;
    await updateMailSettings(db, { actor, settings: { vacation: { isEnabled: true, subject: "Out of office", body: "Away.", startDate: null, endDate: null, intervalDays: 1 } } });
    expect(await reply(mail(address), local.address)).toEqual({ isSent: true });
    const inbox = await db.message.findMany({ where: { mailboxId: local.mailboxId } });
    expect(inbox.map((m) => m.subject)).toEqual(["Out of office"]);
  });

  it("after a delivery, answers only copies filed in INBOX of mailboxes that are away", async () => {
    const raw = mail(address);
    const inInbox = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" });
    const inJunk = await ingestMessage(deps, { mailboxId, folder: "Junk", raw, source: "smtp" });
    const present = await createTestStore();
    const presentCopy = await ingestMessage(deps, { mailboxId: present.mailboxId, folder: "INBOX", raw, source: "smtp" });
    await sendVacationReplies({ db, store: deps }, { delivered: [{ ...inJunk, mailboxId }, { ...presentCopy, mailboxId: present.mailboxId }], envelopeSender: sender, raw, parsed: parseMessage(raw), now: NOW });
    expect(await queuedTo(sender)).toHaveLength(0);
    await sendVacationReplies({ db, store: deps }, { delivered: [{ ...inInbox, mailboxId }], envelopeSender: sender, raw, parsed: parseMessage(raw), now: NOW });
    expect(await queuedTo(sender)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import nodemailer from "nodemailer";
import { startTestSending, SRS_DOMAIN } from "../../scripts/test-support/sending-fixtures.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";
import { reverseSender, rewriteSender } from "../../lib/queue/srs.ts";

let sending: Awaited<ReturnType<typeof startTestSending>>;

beforeAll(async () => {
  sending = await startTestSending();
});
afterAll(async () => {
  await sending?.close();
});

const LONG_BODY = "Hello,\r\n" + "this is an ordinary message about the meeting we planned for next week. ".repeat(25) + "\r\n";

function message(input: { to: string; subject: string; messageId?: string }): Buffer {
  return Buffer.from(
    [
      `From: Sender <someone@${sending.outside.sender}>`,
      `To: ${input.to}`,
      `Subject: ${input.subject}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: ${input.messageId ?? `<${uniqueName("msg")}@${sending.outside.sender}>`}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      LONG_BODY,
    ].join("\r\n"),
  );
}

/** Hands a message to our MX as a sender's server would; resolves with the accepted recipients. */
async function sendToMx(envelope: { from: string; to: string[] }, raw: Buffer): Promise<string[]> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: sending.mxPort, secure: false, name: `mail.${sending.outside.sender}`, tls: { rejectUnauthorized: false } });
  try {
    return (await transport.sendMail({ envelope, raw })).accepted as string[];
  } finally {
    transport.close();
  }
}

async function addForward(mailboxId: string, address: string, keepsCopy: boolean) {
  await sending.db.forward.create({ data: { mailboxId, address, keepsCopy } });
}

describe("forwarding", () => {
  it("forwards a copy with an SRS envelope sender and keeps the local copy when asked", async () => {
    const target = `${uniqueName("alice-elsewhere")}@${sending.outside.remote}`;
    await addForward(sending.ids.alice, target, true);
    const subject = uniqueName("forward me");
    expect(await sendToMx({ from: `someone@${sending.outside.sender}`, to: [`alice@${sending.domain}`] }, message({ to: `alice@${sending.domain}`, subject }))).toHaveLength(1);

    const forwarded = await sending.remote.waitFor(target);
    expect(forwarded.mailFrom).toMatch(new RegExp(`^SRS0=[^=]{4}=[A-Z2-7]{2}=${sending.outside.sender.replaceAll(".", "\\.")}=someone@${SRS_DOMAIN.replaceAll(".", "\\.")}$`));
    expect(reverseSender(forwarded.mailFrom, sending.srs)).toEqual({ ok: true, address: `someone@${sending.outside.sender}` });
    expect(forwarded.raw.toString()).toContain(`Subject: ${subject}`);
    expect(forwarded.raw.toString().startsWith(`Received: from mail.${sending.outside.sender} `)).toBe(true); // our trace on top, the rest untouched
    expect((await sending.messagesIn(sending.ids.alice)).some((raw) => raw.toString().includes(subject))).toBe(true);
    await sending.db.forward.deleteMany({ where: { mailboxId: sending.ids.alice } });
  });

  it("forwards without a local copy when every forward says so", async () => {
    const target = `${uniqueName("bob-elsewhere")}@${sending.outside.remote}`;
    await addForward(sending.ids.bob, target, false);
    const subject = uniqueName("no copy");
    await sendToMx({ from: `someone@${sending.outside.sender}`, to: [`bob@${sending.domain}`] }, message({ to: `bob@${sending.domain}`, subject }));
    await sending.remote.waitFor(target);
    expect((await sending.messagesIn(sending.ids.bob)).some((raw) => raw.toString().includes(subject))).toBe(false);
    await sending.db.forward.deleteMany({ where: { mailboxId: sending.ids.bob } });
  });

  it("forwards mail a customer submits to a local mailbox that forwards", async () => {
    const target = `${uniqueName("bob-away")}@${sending.outside.remote}`;
    await addForward(sending.ids.bob, target, true);
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: sending.smtpsPort, secure: true, auth: { user: `alice@${sending.domain}`, pass: sending.password }, tls: { rejectUnauthorized: false } });
    const subject = uniqueName("internal");
    await transport.sendMail({ from: `alice@${sending.domain}`, to: `bob@${sending.domain}`, subject, text: "Hello Bob." });
    transport.close();
    const forwarded = await sending.remote.waitFor(target);
    expect(reverseSender(forwarded.mailFrom, sending.srs)).toEqual({ ok: true, address: `alice@${sending.domain}` });
    expect((await sending.messagesIn(sending.ids.bob)).some((raw) => raw.toString().includes(subject))).toBe(true);
    await sending.db.forward.deleteMany({ where: { mailboxId: sending.ids.bob } });
  });

  it("discards a copy whose spam score reaches its destination's threshold, and counts it", async () => {
    const strict = `${uniqueName("picky")}@${sending.outside.strict}`;
    const lenient = `${uniqueName("relaxed")}@${sending.outside.remote}`;
    await addForward(sending.ids.alice, strict, true);
    await addForward(sending.ids.alice, lenient, true);
    const day = new Date().toISOString().slice(0, 10);
    const before = (await sending.db.forwardDiscardDay.findUnique({ where: { destinationDomain_day: { destinationDomain: sending.outside.strict, day } } }))?.count ?? 0;
    const subject = `IMPORTANT NEWS ${uniqueName("x").toUpperCase()}`; // SUBJ_ALL_CAPS: 1.5
    await sendToMx({ from: `someone@${sending.outside.sender}`, to: [`alice@${sending.domain}`] }, message({ to: `alice@${sending.domain}`, subject }));

    const local = (await sending.messagesIn(sending.ids.alice)).find((raw) => raw.toString().includes(subject))!;
    const score = Number(/\r\nX-Spam-Score: (-?[\d.]+)\r\n/.exec(local.toString())![1]);
    expect(score).toBeGreaterThanOrEqual(1);
    expect(score).toBeLessThan(6);
    await sending.remote.waitFor(lenient); // below the default threshold of 6: sent
    expect((await sending.db.forwardDiscardDay.findUniqueOrThrow({ where: { destinationDomain_day: { destinationDomain: sending.outside.strict, day } } })).count).toBe(before + 1);
    expect(sending.remote.received.some((m) => m.rcptTo.includes(strict))).toBe(false);
    expect(await sending.db.outboundRecipient.count({ where: { address: strict } })).toBe(0);
    await sending.db.forward.deleteMany({ where: { mailboxId: sending.ids.alice } });
  });
});

describe("SRS bounces", () => {
  it("a forwarded copy the destination refuses bounces back to the original sender", async () => {
    const target = `${uniqueName("refuses")}@${sending.outside.remote}`;
    sending.remote.answer(target, { code: 550, text: "5.1.1 mailbox unavailable" });
    await addForward(sending.ids.bob, target, true);
    const sender = `${uniqueName("writer")}@${sending.outside.sender}`;
    const subject = uniqueName("bounce me");
    await sendToMx({ from: sender, to: [`bob@${sending.domain}`] }, message({ to: `bob@${sending.domain}`, subject }));

    // The DSN goes to the sender behind the SRS address, at their own provider, from the null sender.
    const dsn = await sending.remote.waitFor(sender);
    expect(dsn.mailFrom).toBe("");
    expect(dsn.raw.toString()).toContain("report-type=delivery-status");
    expect(dsn.raw.toString()).toContain(`Final-Recipient: rfc822; ${target}`);
    expect(dsn.raw.toString()).toContain(`Subject: ${subject}`);
    await sending.db.forward.deleteMany({ where: { mailboxId: sending.ids.bob } });
  });

  it("relays a bounce sent to one of our SRS addresses to the original sender, and refuses forged ones", async () => {
    const sender = `${uniqueName("original")}@${sending.outside.sender}`;
    const srsAddress = rewriteSender(sender, sending.srs);
    const bounce = Buffer.from(`From: MAILER-DAEMON@${sending.outside.remote}\r\nTo: ${srsAddress}\r\nSubject: Undelivered Mail\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${uniqueName("b")}@${sending.outside.remote}>\r\n\r\n${LONG_BODY}`);
    expect(await sendToMx({ from: "", to: [srsAddress] }, bounce)).toEqual([srsAddress]);
    const relayed = await sending.remote.waitFor(sender);
    expect(relayed.mailFrom).toBe("");

    const forged = srsAddress.replace(/^SRS0=[^=]{4}=/, "SRS0=AAAA=");
    await expect(sendToMx({ from: "", to: [forged] }, bounce)).rejects.toMatchObject({ responseCode: 550 });
    // A bounce whose original sender is one of our mailboxes comes home to its INBOX.
    const marker = uniqueName("undelivered");
    const ownSrs = rewriteSender(`alice@${sending.domain}`, sending.srs);
    await sendToMx({ from: "", to: [ownSrs] }, Buffer.from(bounce.toString().replace("Undelivered Mail", marker)));
    expect((await sending.messagesIn(sending.ids.alice)).some((raw) => raw.toString().includes(marker))).toBe(true);
  });
});

describe("feedback loops", () => {
  it("records an ARF report about a message a customer sent, matched to the sender", async () => {
    const messageId = `${uniqueName("sent")}@${sending.domain}`;
    await sending.db.outboundMessage.create({
      data: { origin: "SUBMISSION", mailFrom: `alice@${sending.domain}`, senderMailboxId: sending.ids.alice, messageIdHeader: messageId, size: 10, content: new Uint8Array(Buffer.from("x")), recipients: { create: [{ address: `reader@${sending.outside.remote}`, domain: sending.outside.remote, state: "DELIVERED" }] } },
    });
    const report = [
      `From: <feedback@${sending.outside.remote}>`,
      `To: <${sending.feedbackAddress}>`,
      "Subject: FW: complaint",
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${uniqueName("arf")}@${sending.outside.remote}>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="arf-part"',
      "",
      "--arf-part",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "This is an email abuse report.",
      "",
      "--arf-part",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "User-Agent: RemoteFBL/1.0",
      "Version: 1",
      `Original-Mail-From: <alice@${sending.domain}>`,
      `Original-Rcpt-To: <reader@${sending.outside.remote}>`,
      "Source-IP: 127.0.0.1",
      "",
      "--arf-part",
      "Content-Type: text/rfc822-headers",
      "",
      `From: alice@${sending.domain}`,
      `Message-ID: <${messageId}>`,
      "Subject: the complained-about message",
      "",
      "--arf-part--",
      "",
    ].join("\r\n");
    await sendToMx({ from: `feedback@${sending.outside.remote}`, to: [sending.feedbackAddress] }, Buffer.from(report));
    const recorded = await vi.waitFor(async () => sending.db.feedbackReport.findFirstOrThrow({ where: { messageIdHeader: messageId } }));
    expect(recorded).toMatchObject({ feedbackType: "abuse", reporter: sending.outside.remote, destinationDomain: sending.outside.remote, sendingMailboxId: sending.ids.alice, sourceIp: "127.0.0.1" });
    expect(recorded.sample).toContain("the complained-about message");
  });
});

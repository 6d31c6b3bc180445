import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import nodemailer from "nodemailer";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { startTestSending } from "../../scripts/test-support/sending-fixtures.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";
import { parseMessage } from "../../lib/mime/parse-message.ts";
import { openSmtpDialogue } from "../../scripts/test-support/smtp-dialogue.ts";
import { enqueueMessage } from "../../lib/queue/enqueue-message.ts";

const run = promisify(execFile);
let sending: Awaited<ReturnType<typeof startTestSending>>;

beforeAll(async () => {
  sending = await startTestSending({ maxRecipientsPerHour: 12 });
});
afterAll(async () => {
  await sending?.close();
});

const alice = () => `alice@${sending.domain}`;
const bob = () => `bob@${sending.domain}`;

/** Python's smtplib over STARTTLS on the submission port; prints the refused recipients, or the error. */
function smtplibScript(input: { user: string; from: string; to: string[]; headerFrom?: string; subject: string; starttls?: boolean }): string {
  const raw = `From: ${input.headerFrom ?? input.from}\\r\\nTo: ${input.to.join(", ")}\\r\\nSubject: ${input.subject}\\r\\n\\r\\nSent with smtplib.\\r\\n`;
  return [
    "import smtplib, ssl, sys",
    `s = smtplib.SMTP("127.0.0.1", ${sending.submissionPort}, local_hostname="laptop.example", timeout=10)`,
    "s.ehlo()",
    ...(input.starttls === false ? [] : ["s.starttls(context=ssl._create_unverified_context())", "s.ehlo()"]),
    "try:",
    `  s.login(${JSON.stringify(input.user)}, ${JSON.stringify(sending.password)})`,
    `  print("refused", s.sendmail(${JSON.stringify(input.from)}, ${JSON.stringify(input.to)}, b"${raw}"))`,
    "except smtplib.SMTPException as e:",
    "  print('error', e)",
    "s.quit()",
  ].join("\n");
}

async function smtplib(input: Parameters<typeof smtplibScript>[0]): Promise<string> {
  return (await run("python3", ["-c", smtplibScript(input)])).stdout.trim();
}

describe("submission", () => {
  it("takes mail from Python's smtplib after STARTTLS: the local copy at once, the remote one through the queue, DKIM-signed", async () => {
    const remoteAddress = `${uniqueName("carol")}@${sending.outside.remote}`;
    const subject = uniqueName("hello");
    expect(await smtplib({ user: alice(), from: alice(), to: [bob(), remoteAddress], subject })).toBe("refused {}");

    const local = (await sending.messagesIn(sending.ids.bob)).find((raw) => raw.toString().includes(subject));
    expect(local?.toString()).toMatch(/^DKIM-Signature: /);
    expect(local?.toString()).toContain("\r\nReceived: from laptop.example ([127.0.0.1])\r\n\tby mail.mailwright.test (Mailwright) with ESMTPSA id ");
    expect(local?.toString()).toMatch(/\r\nMessage-ID: <[^>]+@mail\.mailwright\.test>\r\n/);
    expect(local?.toString()).toMatch(/\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} /);

    const remote = await sending.remote.waitFor(remoteAddress);
    expect(remote.mailFrom).toBe(alice());
    expect(remote.isTls).toBe(true); // opportunistic STARTTLS to the remote
    expect(remote.raw.toString()).toContain(`Subject: ${subject}`);
    const key = await sending.db.dkimKey.findFirstOrThrow({ where: { domain: { name: sending.domain } } });
    const verdict = await dkimVerify(remote.raw, {
      resolver: async (name: string, type: string) => {
        if (type === "TXT" && name === `${key.selector}._domainkey.${sending.domain}`) return [[key.dnsRecord]];
        throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      },
    });
    expect(verdict.results.map((r: { status: { result: string }; signingDomain: string }) => [r.status.result, r.signingDomain])).toEqual([["pass", sending.domain]]);
    await vi.waitFor(async () => expect(await sending.db.outboundRecipient.findFirst({ where: { address: remoteAddress } })).toMatchObject({ state: "DELIVERED", attempts: 1 }));
  });

  it("takes mail from nodemailer over implicit TLS (465), sent as the user's alias", async () => {
    const remoteAddress = `${uniqueName("dan")}@${sending.outside.remote}`;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: sending.smtpsPort, secure: true, auth: { user: alice(), pass: sending.password }, tls: { rejectUnauthorized: false } });
    const info = await transport.sendMail({ from: `Sales <sales@${sending.domain}>`, to: remoteAddress, subject: "from the alias", text: "Hello." });
    transport.close();
    expect(info.accepted).toEqual([remoteAddress]);
    const remote = await sending.remote.waitFor(remoteAddress);
    expect(remote.mailFrom).toBe(`sales@${sending.domain}`);
  });

  it("refuses AUTH before STARTTLS, and MAIL FROM without AUTH", async () => {
    const out = await smtplib({ user: alice(), from: alice(), to: [bob()], subject: "plain", starttls: false });
    expect(out).toMatch(/^error .*(AUTH extension not supported|538|STARTTLS)/);
    const script = ["import smtplib", `s = smtplib.SMTP("127.0.0.1", ${sending.submissionPort})`, "s.ehlo()", "print(s.mail('x@example.com'))"].join("\n");
    expect((await run("python3", ["-c", script])).stdout).toMatch(/^\(530, b'5\.7\.0 /);
  });

  it("refuses a sender the user does not own: 553 5.7.1 for MAIL FROM and for From:", async () => {
    expect(await smtplib({ user: alice(), from: bob(), to: [bob()], subject: "spoof" })).toMatch(/^error \(553, b'5\.7\.1 <bob@[^>]+>: Sender address rejected: not owned by user alice@/);
    expect(await smtplib({ user: alice(), from: alice(), headerFrom: bob(), to: [bob()], subject: "spoof" })).toMatch(/^error \(553, b'5\.7\.1 From: <bob@[^>]+> is not an address of user alice@/);
    expect(await smtplib({ user: alice(), from: `alice+lists@${sending.domain}`, to: [bob()], subject: "plus" })).toBe("refused {}");
  });

  it("refuses a wrong password with 535 and an unknown local recipient with 550 5.1.1", async () => {
    const script = [
      "import smtplib, ssl",
      `s = smtplib.SMTP("127.0.0.1", ${sending.submissionPort})`,
      "s.starttls(context=ssl._create_unverified_context())",
      "try:",
      `  s.login(${JSON.stringify(alice())}, "wrong password")`,
      "except smtplib.SMTPAuthenticationError as e:",
      "  print(e.smtp_code)",
      `s.login(${JSON.stringify(alice())}, ${JSON.stringify(sending.password)})`,
      "s.mail(" + JSON.stringify(alice()) + ")",
      `print(s.rcpt("nobody@${sending.domain}"))`,
    ].join("\n");
    expect((await run("python3", ["-c", script])).stdout).toMatch(/^535\n\(550, b'5\.1\.1 /);
  });

  it("limits remote recipients per hour: past the limit RCPT gets 450 4.7.1", async () => {
    const user = bob();
    const addresses = Array.from({ length: 13 }, () => `${uniqueName("r")}@${sending.outside.remote}`);
    expect(await smtplib({ user, from: user, to: addresses.slice(0, 12), subject: "twelve" })).toBe("refused {}");
    expect(await smtplib({ user, from: user, to: addresses.slice(12), subject: "thirteenth" })).toMatch(/^error .*450, b'4\.7\.1 Sending limit reached/);
  });
});

describe("submission under hostile input", () => {
  it("answers an over-long line, binary garbage and endless commands with errors and a close, never a crash", async () => {
    const longLine = await openSmtpDialogue(sending.submissionPort);
    expect(longLine.greeting.code).toBe(220);
    expect((await longLine.command(`EHLO ${"a".repeat(5000)}`)).code).toBe(421); // past maxCommandLength: refused and closed
    await longLine.closed;
    const dialogue = await openSmtpDialogue(sending.submissionPort);
    dialogue.write(Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x0d, 0x0a]));
    expect((await dialogue.reply()).code).toBeGreaterThanOrEqual(500);
    expect((await dialogue.command("EHLO client.example")).code).toBe(250);
    expect((await dialogue.command("AUTH PLAIN AGFsaWNlAHdyb25n")).code).toBe(538); // no credentials before STARTTLS
    const codes: number[] = [];
    for (let i = 0; i < 60 && codes.at(-1) !== 421; i++) codes.push((await dialogue.command("NOOP")).code);
    expect(codes.at(-1)).toBe(421);
    await dialogue.closed;
    // The server still serves the next client.
    expect(await smtplib({ user: bob(), from: bob(), to: [alice()], subject: "still here" })).toBe("refused {}");
  });
});

describe("outbound queue", () => {
  it("retries a recipient the remote refuses for now (4xx) and delivers it later", async () => {
    const address = `${uniqueName("busy")}@${sending.outside.remote}`;
    sending.remote.answer(address, { code: 451, text: "4.3.2 try again later" }, "accept");
    expect(await smtplib({ user: alice(), from: alice(), to: [address], subject: "retry" })).toBe("refused {}");
    await sending.remote.waitFor(address);
    expect(sending.remote.attempts.get(address)).toBe(2);
    await vi.waitFor(async () => expect(await sending.db.outboundRecipient.findFirst({ where: { address } })).toMatchObject({ state: "DELIVERED", attempts: 2, lastError: "" }));
  });

  it("reuses connections to a destination and keeps to its cap", async () => {
    const before = sending.remote.connections.opened;
    const addresses = Array.from({ length: 8 }, () => `${uniqueName("many")}@${sending.outside.remote}`);
    // Straight into the queue (eight submissions would take eight connections of their own).
    for (const address of addresses) {
      await enqueueMessage(sending.db, { origin: "SUBMISSION", mailFrom: alice(), recipients: [address], raw: Buffer.from(`From: ${alice()}\r\nSubject: one of many\r\n\r\nHello.\r\n`) });
    }
    sending.queue.wake();
    for (const address of addresses) await sending.remote.waitFor(address);
    expect(sending.remote.connections.opened - before).toBeLessThanOrEqual(2); // the fixture's cap per destination
    expect(sending.remote.connections.mostAtOnce).toBeLessThanOrEqual(2);
  });

  it("bounces a recipient the remote refuses (5xx): the DSN arrives in the sender's INBOX", async () => {
    const address = `${uniqueName("gone")}@${sending.outside.remote}`;
    const subject = uniqueName("lost");
    sending.remote.answer(address, { code: 550, text: "5.1.1 no such user here" });
    expect(await smtplib({ user: alice(), from: alice(), to: [address], subject })).toBe("refused {}");
    const dsn = await vi.waitFor(
      async () => {
        const found = (await sending.messagesIn(sending.ids.alice)).find((raw) => raw.toString().includes(address) && raw.toString().includes("report-type=delivery-status"));
        if (!found) throw new Error("no DSN yet");
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    const text = dsn.toString();
    expect(parseMessage(dsn).root).toMatchObject({ type: "multipart", subtype: "report", params: { "report-type": "delivery-status" } });
    expect(text).toContain(`Final-Recipient: rfc822; ${address}`);
    expect(text).toContain("Action: failed");
    expect(text).toContain("Status: 5.1.1");
    expect(text).toMatch(/Diagnostic-Code: smtp; 550 5\.1\.1 no such user here/);
    expect(text).toContain(`Subject: ${subject}`); // the original comes back
    expect(await sending.db.outboundRecipient.findFirstOrThrow({ where: { address } })).toMatchObject({ state: "BOUNCED", attempts: 1 });
  });

  it("bounces mail to a domain that does not exist or takes no mail (null MX, RFC 7505), without trying to connect", async () => {
    const addresses = [`someone@${sending.outside.nowhere}`, `someone@${sending.outside.nullMx}`];
    expect(await smtplib({ user: alice(), from: alice(), to: addresses, subject: "nowhere" })).toBe("refused {}");
    for (const address of addresses) {
      await vi.waitFor(async () => expect(await sending.db.outboundRecipient.findFirst({ where: { address } })).toMatchObject({ state: "BOUNCED", lastHost: "" }), { timeout: 10_000, interval: 50 });
    }
    expect((await sending.db.outboundRecipient.findFirstOrThrow({ where: { address: addresses[0] } })).lastError).toBe(`550 5.1.2 ${sending.outside.nowhere} has no mail host`);
    expect((await sending.db.outboundRecipient.findFirstOrThrow({ where: { address: addresses[1] } })).lastError).toBe(`550 5.1.2 ${sending.outside.nullMx} accepts no mail (null MX)`);
  });
});

describe("outbound queue over time", () => {
  let quick: Awaited<ReturnType<typeof startTestSending>>;
  beforeAll(async () => {
    // A life of 3 s with a delay notice after 0.3 s stands for 5 days and 4 hours.
    quick = await startTestSending({ policy: { firstDelayMs: 50, maxDelayMs: 100, delayNoticeAfterMs: 300, lifetimeMs: 3_000 }, savesToSent: true });
  });
  afterAll(async () => {
    await quick?.close();
  });

  it("tells the sender once that delivery is delayed, then that it failed when the message expires", async () => {
    const address = `${uniqueName("down")}@${quick.outside.remote}`;
    quick.remote.answer(address, { code: 451, text: "4.3.2 system not accepting messages" });
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: quick.smtpsPort, secure: true, auth: { user: `alice@${quick.domain}`, pass: quick.password }, tls: { rejectUnauthorized: false } });
    await transport.sendMail({ from: `alice@${quick.domain}`, to: address, subject: "will expire", text: "Hello." });
    transport.close();

    await vi.waitFor(async () => expect(await quick.db.outboundRecipient.findFirst({ where: { address } })).toMatchObject({ state: "EXPIRED" }), { timeout: 10_000, interval: 50 });
    const noticesAbout = async () => (await quick.messagesIn(quick.ids.alice)).map((raw) => raw.toString()).filter((text) => text.includes(`Final-Recipient: rfc822; ${address}`));
    // The failure notice is stored just after the state is.
    const notices = await vi.waitFor(async () => {
      const found = await noticesAbout();
      if (!found.some((text) => text.includes("Action: failed"))) throw new Error("no failure notice yet");
      return found;
    });
    const delayed = notices.filter((text) => text.includes("Action: delayed"));
    const failed = notices.filter((text) => text.includes("Action: failed"));
    expect(delayed).toHaveLength(1);
    expect(delayed[0]).toMatch(/Will-Retry-Until: \w{3}, /);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain("Status: 4.3.2");
    expect(failed[0]).toContain("Diagnostic-Code: smtp; 451 4.3.2 system not accepting messages");
    expect(quick.remote.attempts.get(address)).toBeGreaterThan(2);
    // SUBMISSION_SAVE_SENT: the sender's copy, as sent (signed, with our trace), is in Sent.
    const sent = (await quick.messagesIn(quick.ids.alice, "Sent")).map((raw) => raw.toString());
    expect(sent.filter((text) => text.includes("Subject: will expire"))).toHaveLength(1);
    expect(sent.find((text) => text.includes("Subject: will expire"))).toMatch(/^DKIM-Signature: /);
  });
});

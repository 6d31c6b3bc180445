import { execFile } from "node:child_process";
import { promisify } from "node:util";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { startTestMx, LISTED_CLIENT_IP, DNSBL_ZONE } from "../../scripts/test-support/mx-fixtures.ts";
import { openSmtpDialogue, type SmtpDialogue } from "../../scripts/test-support/smtp-dialogue.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";
import { loadPrincipal } from "../../lib/auth/load-principal.ts";
import { updateMailSettings } from "../../lib/mail-settings/update-mail-settings.ts";

const run = promisify(execFile);
let mx: Awaited<ReturnType<typeof startTestMx>>;

beforeAll(async () => {
  mx = await startTestMx({ catchAllDailyCap: 2 });
});
afterAll(async () => {
  await mx?.close();
});

function message(input: { from?: string; to?: string; subject?: string; body?: string } = {}): Buffer {
  return Buffer.from(
    [
      `From: ${input.from ?? "Sender <someone@sender.example>"}`,
      `To: ${input.to ?? "you@example.test"}`,
      `Subject: ${input.subject ?? "A normal message"}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <${uniqueName("msg")}@sender.example>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      input.body ?? "Hello,\r\nthis is a perfectly ordinary message about tomorrow's meeting.\r\n",
    ].join("\r\n"),
  );
}

function transport(options: { requireTLS?: boolean } = {}) {
  return nodemailer.createTransport({ host: "127.0.0.1", port: mx.port, secure: false, name: "client.sender.example", requireTLS: options.requireTLS, tls: { rejectUnauthorized: false } });
}

/** Sends with nodemailer; resolves to the server's final reply code, or the refusal's. */
async function send(from: string, to: string[], raw: Buffer): Promise<{ code: number; response: string }> {
  try {
    const info = await transport().sendMail({ envelope: { from, to }, raw });
    return { code: Number(info.response.slice(0, 3)), response: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string };
    return { code: e.responseCode ?? 0, response: e.response ?? String(error) };
  }
}

/** The received copy ends with exactly the bytes sent; ours are trace headers on top. */
function expectDelivered(stored: Buffer | undefined, sent: Buffer) {
  expect(stored).toBeDefined();
  expect(stored!.subarray(stored!.length - sent.length).equals(sent)).toBe(true);
  const added = stored!.subarray(0, stored!.length - sent.length).toString("utf8");
  expect(added).toMatch(/^Received: from client\.sender\.example \(\[127\.0\.0\.1\]\)\r\n\tby mx\.mailwright\.test \(Mailwright\) with ESMTPS? id [0-9A-F]+/);
  expect(added).toMatch(/Authentication-Results: mx\.mailwright\.test;/);
  expect(added).toMatch(/X-Spam-Score: -?\d+\.\d\r\n/);
}

describe("MX delivery", () => {
  it("delivers to a mailbox, an alias's mailboxes, a plus address's folder and a catch-all, byte-exact", async () => {
    const raw = message();
    expect((await send("someone@sender.example", [`alice@${mx.domain}`], raw)).code).toBe(250);
    expectDelivered((await mx.messagesIn(mx.ids.alice, "INBOX")).at(-1), raw);

    const toTeam = message({ subject: "For the team" });
    expect((await send("someone@sender.example", [`team@${mx.domain}`], toTeam)).code).toBe(250);
    expectDelivered((await mx.messagesIn(mx.ids.alice, "INBOX")).at(-1), toTeam);
    expectDelivered((await mx.messagesIn(mx.ids.bob, "INBOX")).at(-1), toTeam);

    const news = message({ subject: "Newsletter" });
    expect((await send("someone@sender.example", [`alice+news@${mx.domain}`], news)).code).toBe(250);
    expectDelivered((await mx.messagesIn(mx.ids.alice, "news")).at(-1), news);
    const noFolder = message({ subject: "No such folder" });
    expect((await send("someone@sender.example", [`alice+nosuchfolder@${mx.domain}`], noFolder)).code).toBe(250);
    expectDelivered((await mx.messagesIn(mx.ids.alice, "INBOX")).at(-1), noFolder);

    const anyone = message({ subject: "To anyone" });
    expect((await send("someone@sender.example", [`whoever@${mx.catchAllDomain}`], anyone)).code).toBe(250);
    expectDelivered((await mx.messagesIn(mx.ids.collector, "INBOX")).at(-1), anyone);
  });

  it("answers for a mailbox on vacation once the message is stored, and not a list's mail", async () => {
    const bob = (await loadPrincipal(mx.db, mx.ids.bob))!;
    const vacation = { isEnabled: true, subject: "Away", body: "Back on Monday.", startDate: null, endDate: null, intervalDays: 7 };
    await updateMailSettings(mx.db, { actor: bob, settings: { vacation } });
    try {
      const sender = `${uniqueName("person")}@sender.example`;
      const queuedTo = () => mx.db.outboundMessage.findMany({ where: { recipients: { some: { address: sender } } } });
      expect((await send(sender, [`bob@${mx.domain}`], Buffer.from(message({ to: `bob@${mx.domain}`, subject: "Via a list" }).toString().replace("Subject:", "List-Id: <x.sender.example>\r\nSubject:")))).code).toBe(250);
      expect(await queuedTo()).toHaveLength(0);
      expect((await send(sender, [`bob@${mx.domain}`], message({ to: `bob@${mx.domain}`, subject: "Lunch?" }))).code).toBe(250);
      expect((await mx.messagesIn(mx.ids.bob, "INBOX")).at(-1)!.toString()).toContain("Subject: Lunch?");
      const [reply] = await queuedTo();
      expect(reply).toMatchObject({ mailFrom: "", origin: "NOTICE" });
      expect(Buffer.from(reply!.content).toString()).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    } finally {
      await updateMailSettings(mx.db, { actor: bob, settings: { vacation: { ...vacation, isEnabled: false } } });
    }
  });

  it("drops forged Authentication-Results that claim to be ours (RFC 8601 section 5)", async () => {
    const forged = Buffer.concat([Buffer.from("Authentication-Results: mx.mailwright.test; dkim=pass header.d=bank.example\r\n"), message({ subject: "Forged" })]);
    expect((await send("someone@sender.example", [`bob@${mx.domain}`], forged)).code).toBe(250);
    const stored = (await mx.messagesIn(mx.ids.bob, "INBOX")).at(-1)!.toString();
    expect(stored).toContain("Subject: Forged");
    expect(stored).not.toContain("header.d=bank.example");
    expect(stored.match(/^Authentication-Results: mx\.mailwright\.test;/gm)).toHaveLength(1);
  });

  it("one copy per mailbox when an alias and its member are both addressed", async () => {
    const before = (await mx.messagesIn(mx.ids.bob, "INBOX")).length;
    expect((await send("someone@sender.example", [`team@${mx.domain}`, `bob@${mx.domain}`], message())).code).toBe(250);
    expect((await mx.messagesIn(mx.ids.bob, "INBOX")).length).toBe(before + 1);
  });

  it("delivers after STARTTLS and says so in Received", async () => {
    const raw = message({ subject: "Over TLS" });
    const info = await transport({ requireTLS: true }).sendMail({ envelope: { from: "someone@sender.example", to: [`bob@${mx.domain}`] }, raw });
    expect(info.response).toMatch(/^250 /);
    const stored = (await mx.messagesIn(mx.ids.bob, "INBOX")).at(-1)!;
    expect(stored.toString("utf8")).toMatch(/with ESMTPS id/);
  });

  it("takes mail from Python's smtplib and from swaks", async () => {
    const script = [
      "import smtplib, sys",
      `s = smtplib.SMTP("127.0.0.1", ${mx.port}, local_hostname="client.sender.example")`,
      "s.ehlo(); s.starttls(); s.ehlo()",
      `r = s.sendmail("someone@sender.example", ["bob@${mx.domain}"], b"From: someone@sender.example\\r\\nSubject: from python\\r\\n\\r\\nHello from smtplib.\\r\\n")`,
      "s.quit(); print('sent', r)",
    ].join("\n");
    expect((await run("python3", ["-c", script])).stdout).toContain("sent {}");
    expect((await mx.messagesIn(mx.ids.bob, "INBOX")).at(-1)!.toString()).toContain("Hello from smtplib.");

    const swaks = await run("swaks", ["--server", `127.0.0.1:${mx.port}`, "--helo", "client.sender.example", "--from", "someone@sender.example", "--to", `alice@${mx.domain}`, "--header", "Subject: from swaks", "--body", "Hello from swaks."]);
    expect(swaks.stdout).toMatch(/<- +250 2\.0\.0 Ok: queued as/);
    expect((await mx.messagesIn(mx.ids.alice, "INBOX")).at(-1)!.toString()).toContain("Hello from swaks.");
  });
});

describe("MX refusals, each with its code and logged once", () => {
  const cases: { name: string; rcpt: () => string; from?: string; xclient?: string; code: number; enhanced: string; reasonKey: string }[] = [
    { name: "unknown user", rcpt: () => `nobody@${mx.domain}`, code: 550, enhanced: "5.1.1", reasonKey: "unknown_user" },
    { name: "relay attempt", rcpt: () => "someone@elsewhere.example", code: 554, enhanced: "5.7.1", reasonKey: "relay_denied" },
    { name: "disabled mailbox", rcpt: () => `carol@${mx.domain}`, code: 550, enhanced: "5.2.1", reasonKey: "mailbox_disabled" },
    { name: "full mailbox", rcpt: () => `erin@${mx.domain}`, code: 452, enhanced: "4.2.2", reasonKey: "mailbox_full" },
    { name: "blocked sender", rcpt: () => `alice@${mx.domain}`, from: "pest@blocked.example", code: 550, enhanced: "5.7.1", reasonKey: "blocked_sender" },
    { name: "DNSBL-listed client", rcpt: () => `bob@${mx.domain}`, xclient: LISTED_CLIENT_IP, code: 554, enhanced: "5.7.1", reasonKey: "dnsbl" },
  ];
  for (const c of cases) {
    it(`refuses a ${c.name} at RCPT`, async () => {
      const dialogue = await openSmtpDialogue(mx.port);
      await dialogue.command("EHLO client.sender.example");
      if (c.xclient) {
        expect((await dialogue.command(`XCLIENT ADDR=${c.xclient}`)).code).toBe(220);
        await dialogue.command("EHLO client.sender.example");
      }
      const from = c.from ?? `${uniqueName("s")}@sender.example`;
      expect((await dialogue.command(`MAIL FROM:<${from}>`)).code).toBe(250);
      const rcpt = c.rcpt();
      const reply = await dialogue.command(`RCPT TO:<${rcpt}>`);
      expect(reply.code).toBe(c.code);
      expect(reply.text.startsWith(c.enhanced)).toBe(true);
      if (c.reasonKey === "dnsbl") expect(reply.text).toContain(DNSBL_ZONE);
      await dialogue.command("QUIT");
      const rejects = (await mx.rejectsFor(rcpt)).filter((r) => r.mailFrom === from);
      expect(rejects.map((r) => [r.stage === "CONNECT" || r.stage === "RCPT" || r.stage === "MAIL", r.smtpCode, r.enhancedCode, r.reasonKey])).toEqual([[true, c.code, c.enhanced, c.reasonKey]]);
    });
  }

  it("refuses DMARC p=reject failures and spam over the mailbox's threshold at DATA, logged once", async () => {
    const spoofed = await send("ceo@strict.example", [`alice@${mx.domain}`], message({ from: "CEO <ceo@strict.example>" }));
    expect(spoofed.code).toBe(550);
    expect(spoofed.response).toMatch(/5\.7\.1 Message rejected due to DMARC policy of strict\.example/);
    expect((await mx.rejectsFor(`alice@${mx.domain}`)).filter((r) => r.reasonKey === "dmarc_reject")).toHaveLength(1);

    const spam = await send("someone@sender.example", [`dave@${mx.domain}`], message());
    expect(spam.code).toBe(550);
    expect(spam.response).toMatch(/5\.7\.1 Message rejected as spam/);
    const logged = (await mx.rejectsFor(`dave@${mx.domain}`)).filter((r) => r.reasonKey === "spam");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.score).not.toBeNull();
  });

  it("stores catch-all refusals only up to the daily cap, and counts them all", async () => {
    const before = await mx.db.catchAllRejectDay.findMany({ where: { domainId: mx.catchAllDomainId } });
    for (let i = 0; i < 5; i++) {
      expect((await send("pest@blocked.example", [`random${i}@${mx.catchAllDomain}`], message())).code).toBe(550);
    }
    await mx.rejectLog.flush();
    const stored = await mx.db.rejectEvent.findMany({ where: { domainId: mx.catchAllDomainId, reasonKey: "blocked_sender" } });
    expect(stored).toHaveLength(2);
    expect(stored.every((r) => r.isCatchAll)).toBe(true);
    const [day] = await mx.db.catchAllRejectDay.findMany({ where: { domainId: mx.catchAllDomainId } });
    expect(day!.count - (before[0]?.count ?? 0)).toBe(5);
  });
});

describe("MX input limits and smuggling", () => {
  async function startMail(dialogue: SmtpDialogue, rcpt: string) {
    await dialogue.command("EHLO client.sender.example");
    expect((await dialogue.command("MAIL FROM:<someone@sender.example>")).code).toBe(250);
    expect((await dialogue.command(`RCPT TO:<${rcpt}>`)).code).toBe(250);
    expect((await dialogue.command("DATA")).code).toBe(354);
  }

  for (const payload of ["\n.\n", "\r.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r", "\n", "\r"]) {
    it(`refuses a message with the smuggling payload ${JSON.stringify(payload)}, storing nothing`, async () => {
      const rcpt = `bob@${mx.domain}`;
      const before = (await mx.messagesIn(mx.ids.bob, "INBOX")).length;
      const dialogue = await openSmtpDialogue(mx.port);
      await startMail(dialogue, rcpt);
      dialogue.write(`Subject: smuggle\r\n\r\nhello${payload}MAIL FROM:<evil@sender.example>\r\nRCPT TO:<${rcpt}>\r\nDATA\r\nSubject: smuggled\r\n\r\nowned\r\n.\r\n`);
      const reply = await dialogue.reply();
      expect(reply.code).toBe(554);
      expect(reply.text).toMatch(/^5\.5\.2 .*bare LF or CR/);
      await dialogue.command("QUIT");
      expect((await mx.messagesIn(mx.ids.bob, "INBOX")).length).toBe(before);
    });
  }

  it("refuses an oversized message when SIZE declares it and when DATA carries it", async () => {
    const small = await startTestMx({ maxMessageBytes: 2_000 });
    try {
      const dialogue = await openSmtpDialogue(small.port);
      const ehlo = await dialogue.command("EHLO client.sender.example");
      expect(ehlo.text).toMatch(/SIZE 2000/);
      expect(ehlo.text).toMatch(/PIPELINING/);
      expect(ehlo.text).toMatch(/8BITMIME/);
      expect(ehlo.text).toMatch(/SMTPUTF8/);
      expect(ehlo.text).toMatch(/STARTTLS/);
      expect(ehlo.text).toMatch(/ENHANCEDSTATUSCODES/);
      expect((await dialogue.command("MAIL FROM:<someone@sender.example> SIZE=5000")).code).toBe(552);
      expect((await dialogue.command("MAIL FROM:<someone@sender.example>")).code).toBe(250);
      expect((await dialogue.command(`RCPT TO:<alice@${small.domain}>`)).code).toBe(250);
      expect((await dialogue.command("DATA")).code).toBe(354);
      dialogue.write(`Subject: big\r\n\r\n${"x".repeat(70) + "\r\n"}`.repeat(50) + ".\r\n");
      const reply = await dialogue.reply();
      expect(reply.code).toBe(552);
      expect(reply.text).toMatch(/^5\.3\.4 /);
      expect(await small.messagesIn(small.ids.alice, "INBOX")).toHaveLength(0);
      await dialogue.command("QUIT");
    } finally {
      await small.close();
    }
  });

  it("answers a pipelined session in order and refuses recipients past the limit", async () => {
    const dialogue = await openSmtpDialogue(mx.port);
    await dialogue.command("EHLO client.sender.example");
    const rcpts = ["bob", "alice", "alice+news", "team", "alice+one", "alice+two"].map((local) => `${local}@${mx.domain}`);
    const raw = message({ subject: "pipelined" });
    dialogue.write(["MAIL FROM:<someone@sender.example>", ...rcpts.map((r) => `RCPT TO:<${r}>`), "DATA", ""].join("\r\n"));
    const codes = [];
    for (let i = 0; i < 1 + rcpts.length + 1; i++) codes.push((await dialogue.reply()).code);
    // Five recipients at most per message (the test MX's limit); the sixth is told to come back.
    expect(codes).toEqual([250, 250, 250, 250, 250, 250, 452, 354]);
    dialogue.write(Buffer.concat([raw, Buffer.from(".\r\n")]));
    expect((await dialogue.reply()).code).toBe(250);
    await dialogue.command("QUIT");
  });

  it("refuses a client's connections past its concurrency and per-minute limits, and logs it", async () => {
    const limited = await startTestMx({ limits: { maxMessageBytes: 1 << 20, maxRecipients: 5, maxErrors: 10, maxConcurrent: 1, maxPerMinute: 3, greetPauseMs: 0 } });
    try {
      const first = await openSmtpDialogue(limited.port);
      const second = await openSmtpDialogue(limited.port);
      expect(second.greeting.code).toBe(421); // the greeting is the refusal itself
      await second.closed;
      // The server frees a slot when it sees the close, a moment after the client: until then a
      // new connection is refused for concurrency, which does not count against the rate.
      const openWhenFree = async () => {
        for (;;) {
          const dialogue = await openSmtpDialogue(limited.port);
          if (dialogue.greeting.code === 220) return dialogue;
          expect(dialogue.greeting.text).toMatch(/Too many connections from your address/);
          await dialogue.closed;
        }
      };
      first.close();
      await first.closed;
      const third = await openWhenFree(); // the first one's slot is free again
      expect((await third.command("NOOP")).code).toBe(250);
      third.close();
      await third.closed;
      const fourth = await openWhenFree(); // the third admitted this minute (refusals do not count)
      fourth.close();
      await fourth.closed;
      // A fourth admission would pass the limit of 3 a minute: refused (once the slot is free).
      let fifth = await openSmtpDialogue(limited.port);
      while (/Too many connections from your address/.test(fifth.greeting.text)) {
        await fifth.closed;
        fifth = await openSmtpDialogue(limited.port);
      }
      expect(fifth.greeting).toMatchObject({ code: 421, text: expect.stringMatching(/Too many connections per minute/) });
      await fifth.closed;
      await limited.rejectLog.flush();
      const refusals = await limited.db.rejectEvent.findMany({ where: { reasonKey: { in: ["connection_limit", "connection_rate"] }, clientIp: "127.0.0.1", at: { gte: new Date(Date.now() - 60_000) } }, orderBy: { id: "asc" } });
      expect(refusals.slice(-2).map((r) => [r.stage, r.smtpCode, r.enhancedCode, r.reasonKey])).toEqual([
        ["CONNECT", 421, "4.7.0", "connection_limit"],
        ["CONNECT", 421, "4.7.0", "connection_rate"],
      ]);
    } finally {
      await limited.close();
    }
  });

  it("with a greet pause, refuses a client that talks before the greeting and serves one that waits", async () => {
    const paused = await startTestMx({ limits: { maxMessageBytes: 1 << 20, maxRecipients: 5, maxErrors: 10, maxConcurrent: 50, maxPerMinute: 0, greetPauseMs: 1_000 } });
    try {
      const early = net.connect(paused.port, "127.0.0.1");
      early.write("EHLO early.sender.example\r\n"); // at once, as spam bots do
      let heard = "";
      early.on("data", (chunk) => (heard += chunk.toString("latin1")));
      await new Promise((resolve) => early.once("close", resolve));
      expect(heard).toMatch(/^421 .*talk too soon/m);
      expect(heard).not.toMatch(/^220 /m);

      const patient = await openSmtpDialogue(paused.port); // waits for the greeting
      expect((await patient.command("EHLO patient.sender.example")).code).toBe(250);
      patient.close();
    } finally {
      await paused.close();
    }
  });

  it("closes the connection after too many errors", async () => {
    const dialogue = await openSmtpDialogue(mx.port);
    await dialogue.command("EHLO client.sender.example");
    await dialogue.command("MAIL FROM:<someone@sender.example>");
    const codes = [];
    for (let i = 0; i < 10; i++) codes.push((await dialogue.command(`RCPT TO:<nobody${i}@${mx.domain}>`)).code);
    expect(codes.slice(0, 9).every((code) => code === 550)).toBe(true);
    expect(codes[9]).toBe(421);
    await dialogue.closed;
  });

  it("closes a connection that sends a command line longer than 4 KiB", async () => {
    const dialogue = await openSmtpDialogue(mx.port);
    await dialogue.command("EHLO client.sender.example");
    dialogue.write(`MAIL FROM:<${"a".repeat(5000)}@sender.example>`); // no line end yet: still too long
    await dialogue.closed;
  });

  it("closes a connection that chats without ever sending mail", async () => {
    const dialogue = await openSmtpDialogue(mx.port);
    await dialogue.command("EHLO client.sender.example");
    const codes = [];
    for (let i = 0; i < 60 && codes.at(-1) !== 421; i++) codes.push((await dialogue.command("NOOP")).code);
    expect(codes.slice(0, 49).every((code) => code === 250)).toBe(true);
    expect(codes.at(-1)).toBe(421);
    expect(codes).toHaveLength(50);
    await dialogue.closed;
  });

  it("refuses a HELO that is not a fully-qualified name", async () => {
    const dialogue = await openSmtpDialogue(mx.port);
    await dialogue.command("EHLO localhost");
    await dialogue.command("MAIL FROM:<someone@sender.example>");
    const reply = await dialogue.command(`RCPT TO:<alice@${mx.domain}>`);
    expect(reply.code).toBe(504);
    expect(reply.text).toMatch(/^5\.5\.2 /);
    dialogue.close();
  });
});

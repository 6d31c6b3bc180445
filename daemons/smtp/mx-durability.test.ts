import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../../lib/store/store-deps.ts";
import { readBlob } from "../../lib/store/message-bytes.ts";
import { startDnsServer } from "../../scripts/test-support/dns-server.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { findFreePort } from "../../scripts/start/ports.ts";
import { startSmtpDaemon } from "../../scripts/test-support/smtp-daemon.ts";

const CLIENTS = 10;
const MESSAGES_PER_CLIENT = 200;

describe("the MX under kill -9", () => {
  it("keeps every message it answered 250 for, byte-exact, during a 2,000-message blast from 10 clients", { timeout: 120_000 }, async () => {
    const db = await testDb();
    const tag = uniqueName("durable");
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "Durability" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${tag}.test` });
    const recipient = `inbox@${tag}.test`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: recipient, password: TEST_PASSWORD, quotaBytes: 1n << 40n });
    const dns = await startDnsServer({ "sender.example": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] } });
    const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-mx-durable-"));
    const port = await findFreePort();
    const env = { DATA_DIR: dataDir, SMTP_PORT: String(port), SUBMISSION_PORT: String(await findFreePort()), SMTPS_PORT: String(await findFreePort()), PUBLIC_HOSTNAME: "mx.mailwright.test", DNS_SERVERS: dns.address, MX_MAX_CONNECTIONS_PER_IP: "0", MX_CONNECTIONS_PER_MINUTE_PER_IP: "0", QUEUE_RUNNER: "false" };

    const daemon = startSmtpDaemon(env);
    await daemon.ready;
    const acknowledged: Buffer[] = [];
    let refusedOrCut = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        // Kill it mid-blast, with deliveries in flight.
        if (acknowledged.length >= (CLIENTS * MESSAGES_PER_CLIENT) / 3) {
          clearInterval(check);
          killed = daemon.child.kill("SIGKILL");
          resolve();
        }
      }, 5);
    });
    const client = async (n: number) => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port, name: "client.sender.example", ignoreTLS: true, connectionTimeout: 5_000 });
      for (let i = 0; i < MESSAGES_PER_CLIENT; i++) {
        const raw = Buffer.from(`From: <c${n}@sender.example>\r\nTo: <${recipient}>\r\nSubject: ${n}/${i}\r\nMessage-ID: <${n}.${i}.${tag}@sender.example>\r\n\r\nmessage ${i} of client ${n}\r\n${"x".repeat(2000)}\r\n`);
        try {
          const info = await transport.sendMail({ envelope: { from: `c${n}@sender.example`, to: [recipient] }, raw });
          if (/^250 /.test(info.response)) acknowledged.push(raw);
        } catch {
          refusedOrCut += 1;
          if (killed) return;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    await killedAt;
    expect(killed).toBe(true);
    expect(refusedOrCut).toBeGreaterThan(0); // the kill really cut deliveries short

    // A restarted MX takes mail again (and finds its database and blobs as the crash left them).
    const restarted = startSmtpDaemon(env);
    await restarted.ready;
    restarted.child.kill("SIGTERM");
    await new Promise((resolve) => restarted.child.once("exit", resolve));
    await dns.close();

    const store = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
    const folder = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId: mailbox.id, name: "INBOX" } } });
    const messages = await db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" } });
    const stored = new Map<string, Buffer>();
    for (const message of messages) {
      const bytes = await readBlob(store, message.blobHash);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(message.blobHash); // never half-written
      const id = /Message-ID: <([^>]+)>/.exec(bytes.toString("latin1"))![1]!;
      stored.set(id, bytes);
    }
    for (const raw of acknowledged) {
      const id = /Message-ID: <([^>]+)>/.exec(raw.toString("latin1"))![1]!;
      const bytes = stored.get(id);
      expect(bytes, `acknowledged message ${id} is missing`).toBeDefined();
      expect(bytes!.subarray(bytes!.length - raw.length).equals(raw)).toBe(true);
    }
    expect(new Set(messages.map((m) => m.uid)).size).toBe(messages.length);
    expect(folder.messageCount).toBe(messages.length);
    expect(Number(folder.totalBytes)).toBe(messages.reduce((sum, m) => sum + m.size, 0));
    console.log(`mx kill -9: ${acknowledged.length} acknowledged, ${messages.length} stored, ${refusedOrCut} cut short`);
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import nodemailer from "nodemailer";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { startDnsServer } from "../../scripts/test-support/dns-server.ts";
import { startRemoteProvider } from "../../scripts/test-support/sending-fixtures.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { findFreePort } from "../../scripts/start/ports.ts";
import { startSmtpDaemon } from "../../scripts/test-support/smtp-daemon.ts";

const CLIENTS = 5;
const MESSAGES_PER_CLIENT = 60;

describe("the outbound queue under kill -9", () => {
  it("delivers every message submission answered 250 for, at most twice, across a kill and a restart", { timeout: 120_000 }, async () => {
    const db = await testDb();
    const tag = uniqueName("queue-durable");
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "Queue durability" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${tag}.test` });
    const sender = `alice@${tag}.test`;
    await createMailbox(db, { actor: SYSTEM_ACTOR, address: sender, password: TEST_PASSWORD });
    const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-queue-durable-"));
    const remote = await startRemoteProvider(readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "mx.remote.test", tls: undefined })));
    const remoteDomain = `remote-${tag}.test`;
    const dns = await startDnsServer({ [remoteDomain]: { MX: [{ exchange: `mx.${remoteDomain}`, priority: 10 }] }, [`mx.${remoteDomain}`]: { A: ["127.0.0.1"] } });
    const smtpsPort = await findFreePort();
    const env = {
      DATA_DIR: dataDir,
      SMTP_PORT: String(await findFreePort()),
      SUBMISSION_PORT: String(await findFreePort()),
      SMTPS_PORT: String(smtpsPort),
      PUBLIC_HOSTNAME: "mail.mailwright.test",
      DNS_SERVERS: dns.address,
      OUTBOUND_PORT: String(remote.port),
      // Only this test's destination: other tests' runners share the database.
      QUEUE_DESTINATIONS: remoteDomain,
      // A claim by the killed runner lapses after a second (600 in production).
      QUEUE_LEASE_SECONDS: "1",
    };

    const daemon = startSmtpDaemon(env);
    await daemon.ready;
    const acknowledged: string[] = [];
    let killed = false;
    const kill = () => {
      if (!killed) killed = daemon.child.kill("SIGKILL");
    };
    const client = async (n: number) => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpsPort, secure: true, auth: { user: sender, pass: TEST_PASSWORD }, tls: { rejectUnauthorized: false }, connectionTimeout: 5_000 });
      for (let i = 0; i < MESSAGES_PER_CLIENT && !killed; i++) {
        const messageId = `${n}.${i}.${tag}@mail.mailwright.test`;
        try {
          const info = await transport.sendMail({ from: sender, to: `reader${n}@${remoteDomain}`, subject: `${n}/${i}`, text: `message ${i} of client ${n}`, messageId: `<${messageId}>` });
          if (/^250 /.test(info.response)) acknowledged.push(messageId);
          // Kill it mid-stream: with messages queued, some being delivered, more being submitted.
          if (remote.received.length >= (CLIENTS * MESSAGES_PER_CLIENT) / 4) kill();
        } catch {
          if (killed) break;
          throw new Error(`message ${messageId} failed before the kill`);
        }
      }
      transport.close();
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    kill();
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(remote.received.length); // some were still only queued
    await new Promise((resolve) => (daemon.child.exitCode !== null || daemon.child.signalCode !== null ? resolve(null) : daemon.child.once("exit", resolve)));

    const restarted = startSmtpDaemon(env);
    await restarted.ready;
    const receivedIds = () => remote.received.map((m) => /Message-ID: <([^>]+)>/i.exec(m.raw.toString("latin1"))?.[1] ?? "");
    await vi.waitFor(
      () => {
        const received = new Set(receivedIds());
        const missing = acknowledged.filter((id) => !received.has(id));
        if (missing.length > 0) throw new Error(`${missing.length} acknowledged messages not delivered yet`);
      },
      { timeout: 60_000, interval: 100 },
    );
    restarted.child.kill("SIGTERM");
    await new Promise((resolve) => restarted.child.once("exit", resolve));
    await remote.close();
    await dns.close();

    const counts = new Map<string, number>();
    for (const id of receivedIds()) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of acknowledged) expect(counts.get(id), `message ${id} delivered too often`).toBeLessThanOrEqual(2);
    const rows = await db.outboundRecipient.findMany({ where: { domain: remoteDomain } });
    expect(rows.filter((r) => r.state !== "DELIVERED")).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(acknowledged.length);
    console.log(`queue kill -9: ${acknowledged.length} acknowledged, ${remote.received.length} deliveries, ${[...counts.values()].filter((c) => c > 1).length} duplicated`);
  });
});

// Sending for tests: a tenant of its own (alice with an alias, bob), submission on ephemeral ports
// (STARTTLS and implicit TLS), a queue runner with a quick retry schedule, a real DNS server on
// loopback naming the MX of remote.test, and a second SMTP server (smtp-server) playing that remote
// provider: it records what it receives and answers each recipient as the test tells it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { findFolder } from "../../lib/store/find-folder.ts";
import { readBlob } from "../../lib/store/message-bytes.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { createDnsResolver } from "../../lib/delivery/dns-resolver.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createSmtpConnectionPool } from "../../lib/queue/smtp-connection-pool.ts";
import { startQueueRunner, type QueueRunnerDeps } from "../../lib/queue/run-queue.ts";
import { createSenderNotifier } from "../../lib/queue/notify-sender.ts";
import type { RetryPolicy } from "../../lib/queue/retry-policy.ts";
import { createSubmissionServer, type SubmissionOptions } from "../../daemons/smtp/submission-server.ts";
import { createMxServer } from "../../daemons/smtp/mx-server.ts";
import { createRejectLog } from "../../lib/delivery/reject-log.ts";
import { createSpamJudge } from "../../lib/delivery/judge-spam.ts";
import { startDnsServer } from "./dns-server.ts";
import { testDb, uniqueName, TEST_LIMITS, TEST_PASSWORD } from "./fixtures.ts";

export const SRS_DOMAIN = "mail.mailwright.test";

/**
 * The outside world of one fixture, its own names so that runners of fixtures sharing the test
 * database never take each other's mail: `remote` is the remote provider's domain, `strict` one
 * whose forwarded copies are discarded from a spam score of 1 (as hotmail.com's in production),
 * `sender` a domain whose users send to us (its MX is the remote provider too, so bounces to them
 * arrive there), `nowhere` does not exist and `nullMx` takes no mail (RFC 7505).
 */
function outsideDomains(tag: string) {
  return { remote: `remote-${tag}.test`, remoteMx: `mx.remote-${tag}.test`, strict: `strict-${tag}.test`, sender: `sender-${tag}.example`, nowhere: `nowhere-${tag}.test`, nullMx: `nullmx-${tag}.test` };
}

/** What the remote says to a recipient: accept, refuse for now (4xx) or for good (5xx). */
export type RemoteAnswer = "accept" | { code: number; text: string };
export type RemoteMessage = { mailFrom: string; rcptTo: string[]; raw: Buffer; isTls: boolean };

/** The remote provider: every message it accepted, and the answer each recipient gets (default accept). */
export async function startRemoteProvider(tls: { key: Buffer; cert: Buffer }) {
  const received: RemoteMessage[] = [];
  const answers = new Map<string, RemoteAnswer[]>();
  const listeners = new Set<() => void>();
  const attempts = new Map<string, number>();
  const connections = { opened: 0, open: 0, mostAtOnce: 0 };
  const server = new SMTPServer({
    name: "mx.remote.test",
    key: tls.key,
    cert: tls.cert,
    authOptional: true,
    disabledCommands: ["AUTH"],
    logger: false,
    onConnect(_session, callback) {
      connections.opened += 1;
      connections.open += 1;
      connections.mostAtOnce = Math.max(connections.mostAtOnce, connections.open);
      callback();
    },
    onClose() {
      connections.open -= 1;
    },
    onRcptTo(address, _session, callback) {
      attempts.set(address.address, (attempts.get(address.address) ?? 0) + 1);
      const queue = answers.get(address.address);
      const answer = queue && queue.length > 1 ? queue.shift()! : (queue?.[0] ?? "accept");
      if (answer === "accept") return callback();
      callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks), isTls: Boolean(session.secure) });
        for (const listener of listeners) listener();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    attempts,
    /** Connections the provider has seen: how many were opened, and the most open at once. */
    connections,
    /** Answers for a recipient, in order; the last one repeats. */
    answer(address: string, ...sequence: RemoteAnswer[]) {
      answers.set(address, sequence);
    },
    /** Resolves with the first message for `rcptTo` once it arrives. */
    waitFor(rcptTo: string): Promise<RemoteMessage> {
      return new Promise((resolve) => {
        const check = () => {
          const found = received.find((m) => m.rcptTo.includes(rcptTo));
          if (found) {
            listeners.delete(check);
            resolve(found);
          }
        };
        listeners.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startTestSending(overrides: { maxRecipientsPerHour?: number; policy?: Partial<RetryPolicy>; savesToSent?: boolean } = {}) {
  const db = await testDb();
  const tag = uniqueName("send");
  const domain = `${tag}.test`;
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "Sending test" });
  const domainRow = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: domain });
  const mailbox = async (localPart: string) => (await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${localPart}@${domain}`, password: TEST_PASSWORD })).id;
  const ids = { alice: await mailbox("alice"), bob: await mailbox("bob") };
  await db.alias.create({ data: { localPart: "sales", domainId: domainRow.id, targets: { create: [{ mailboxId: ids.alice }] } } });

  const outside = outsideDomains(tag);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-send-"));
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "mail.mailwright.test", tls: undefined }));
  const remote = await startRemoteProvider(tls);
  const dns = await startDnsServer({
    [outside.remote]: { MX: [{ exchange: outside.remoteMx, priority: 10 }] },
    [outside.strict]: { MX: [{ exchange: outside.remoteMx, priority: 10 }] },
    [outside.sender]: { MX: [{ exchange: outside.remoteMx, priority: 10 }], TXT: ["v=spf1 ip4:127.0.0.1 -all"] },
    [outside.remoteMx]: { A: ["127.0.0.1"] },
    [outside.nullMx]: { MX: [{ exchange: ".", priority: 0 }] },
  });
  const resolver = createDnsResolver({ servers: [dns.address], timeoutMs: 2_000, cacheMs: 0 });
  const store: StoreDeps = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  const srs = { secret: "test srs secret of some length", domain: SRS_DOMAIN };
  const forwardPolicy = { discardScores: new Map([[outside.strict, 1]]), defaultDiscardScore: 6 };
  const queueDeps: QueueRunnerDeps = {
    db,
    resolver,
    pool: createSmtpConnectionPool({ hostname: "mail.mailwright.test", port: remote.port, maxPerDestination: 2, maxMessagesPerConnection: 100, idleMs: 1_000, timeoutMs: 5_000 }),
    policy: { firstDelayMs: 100, maxDelayMs: 400, lifetimeMs: 60_000, delayNoticeAfterMs: 60_000, ...overrides.policy },
    notify: createSenderNotifier({ db, store, hostname: "mail.mailwright.test", srs }),
    batchSize: 50,
    leaseMs: 30_000,
    concurrency: 10,
    destinations: [outside.remote, outside.strict, outside.sender, outside.nowhere, outside.nullMx],
  };
  const queue = startQueueRunner(queueDeps, { intervalMs: 50 });
  const options: SubmissionOptions = {
    db,
    store,
    hostname: "mail.mailwright.test",
    tls,
    loginLimits: TEST_LIMITS,
    limits: { maxMessageBytes: store.maxMessageBytes, maxRecipients: 20, maxRecipientsPerHour: overrides.maxRecipientsPerHour ?? 1000 },
    savesToSent: overrides.savesToSent ?? false,
    onQueued: () => queue.wake(),
    forwarding: { srs, policy: forwardPolicy },
  };
  const submission = createSubmissionServer(options, false);
  const smtps = createSubmissionServer(options, true);
  const submissionPort = (await submission.listen(0)).port;
  const smtpsPort = (await smtps.listen(0)).port;
  const feedbackAddress = `fbl@${domain}`;
  const rejectLog = createRejectLog(db, { catchAllDailyCap: 1000, flushIntervalMs: 20 });
  const mx = createMxServer({
    db,
    store,
    rejectLog,
    resolver,
    hostname: "mail.mailwright.test",
    tls,
    limits: { maxMessageBytes: store.maxMessageBytes, maxRecipients: 20, maxErrors: 10, maxConcurrent: 50, maxPerMinute: 0, greetPauseMs: 0 },
    dnsblZones: [],
    spam: createSpamJudge(),
    xclientPeers: [],
    outbound: { srs, forwardPolicy, feedbackAddress, onQueued: () => queue.wake() },
  });
  const mxPort = (await mx.listen(0)).port;

  /** The raw bytes of every message in a mailbox's folder, in UID order. */
  const messagesIn = async (mailboxId: string, folder = "INBOX") => {
    const { id } = await findFolder(db, mailboxId, folder);
    const rows = await db.message.findMany({ where: { folderId: id }, orderBy: { uid: "asc" }, select: { blobHash: true } });
    return Promise.all(rows.map((row) => readBlob(store, row.blobHash)));
  };
  const close = async () => {
    await Promise.all([submission.close(), smtps.close(), mx.close()]);
    await rejectLog.close();
    await queue.close();
    await remote.close();
    await dns.close();
  };
  return { db, domain, outside, ids, remote, dns, resolver, submissionPort, smtpsPort, mxPort, feedbackAddress, srs, queue, queueDeps, messagesIn, password: TEST_PASSWORD, close };
}

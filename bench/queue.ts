// npm run bench:queue — the outbound queue's delivery rate against Postfix's smtp-source (issue: queue):
//   10,000 messages of 4 KiB (BENCH_MESSAGES), each to one remote recipient, are queued, then our
//   queue runner delivers them to Postfix's smtp-sink over at most 20 pooled connections (the
//   destination's MX found through a DNS server on loopback); in the same run smtp-source sends as
//   many messages of the same size over 20 parallel sessions straight into the same kind of sink.
//   Both rates and the ratio are printed; then our rate on PostgreSQL. Every recipient is checked to
//   be DELIVERED afterwards. The last line is a JSON summary. Not a test.
// The headline reference reuses each session for its next message (smtp-source -d), as our pool
// reuses its connections; smtp-source's default, a connection per message, is printed beside it.
// BENCH_ONLY=sqlite skips PostgreSQL.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { openDb, type Db } from "../lib/db.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { createDnsResolver } from "../lib/delivery/dns-resolver.ts";
import { enqueueMessage } from "../lib/queue/enqueue-message.ts";
import { runQueueOnce, type QueueRunnerDeps } from "../lib/queue/run-queue.ts";
import { createSmtpConnectionPool } from "../lib/queue/smtp-connection-pool.ts";
import { DEFAULT_RETRY_POLICY } from "../lib/queue/retry-policy.ts";
import { createScratchDatabase } from "../scripts/test-support/scratch-database.ts";
import { startDnsServer } from "../scripts/test-support/dns-server.ts";
import { startSmtpSink } from "./smtp-sink.ts";

const run = promisify(execFile);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SESSIONS = 20;
const MESSAGE_BYTES = 4096;
const SENDER = "load@sender.bench.test";
const SINK_DOMAIN = "sink.bench.example";
const SINK_MX = `mx.${SINK_DOMAIN}`;
const RECIPIENT = `inbox@${SINK_DOMAIN}`;
/** Messages queued at once while filling the queue (untimed). */
const ENQUEUE_CONCURRENCY = 20;

type Workload = "sessions" | "connections";

/** smtp-source into a fresh sink: messages per second. */
async function measureReference(workload: Workload): Promise<number> {
  const sink = await startSmtpSink();
  try {
    const started = performance.now();
    await run("/usr/sbin/smtp-source", [...(workload === "sessions" ? ["-d"] : []), "-s", String(SESSIONS), "-m", String(MESSAGES), "-l", String(MESSAGE_BYTES), "-M", "client.sender.bench.test", "-f", SENDER, "-t", RECIPIENT, `127.0.0.1:${sink.port}`], { maxBuffer: 1 << 24 });
    const rate = MESSAGES / ((performance.now() - started) / 1000);
    console.log(`  smtp-source → smtp-sink (${workload === "sessions" ? "-d, sessions reused" : "a connection per message"}): ${rate.toFixed(0)} msg/s`);
    return rate;
  } finally {
    sink.stop();
  }
}

/** A submitted message as smtp-source -l 4096 sends one: a few header lines, then 4,096 bytes of body. */
function buildMessage(index: number): Buffer {
  const header = [`From: Load <${SENDER}>`, `To: <${RECIPIENT}>`, `Subject: queue bench ${index}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <bench-${index}@sender.bench.test>`, "", ""].join("\r\n");
  const line = `${"x".repeat(78)}\r\n`; // 80 bytes; 4,096 = 51 lines and one of 16
  const body = line.repeat(Math.floor(MESSAGE_BYTES / line.length)) + `${"x".repeat((MESSAGE_BYTES % line.length) - 2)}\r\n`;
  return Buffer.from(header + body);
}

/** Queues the messages as submission does, one remote recipient each. */
async function fillQueue(db: Db, senderMailboxId: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < MESSAGES; index = next++) {
      await enqueueMessage(db, { origin: "SUBMISSION", mailFrom: SENDER, recipients: [RECIPIENT], raw: buildMessage(index), senderMailboxId });
    }
  };
  await Promise.all(Array.from({ length: ENQUEUE_CONCURRENCY }, worker));
}

async function measureOurs(provider: "sqlite" | "postgres"): Promise<number> {
  const scratch = await createScratchDatabase(provider);
  const dns = await startDnsServer({ [SINK_DOMAIN]: { MX: [{ exchange: SINK_MX, priority: 10 }] }, [SINK_MX]: { A: ["127.0.0.1"] } });
  const sink = await startSmtpSink();
  const db = await openDb(scratch.target);
  // As the daemon's pool (100 messages a connection, then a fresh one), capped at smtp-source's 20 sessions.
  const pool = createSmtpConnectionPool({ hostname: "mail.sender.bench.test", port: sink.port, maxPerDestination: SESSIONS, maxMessagesPerConnection: 100, idleMs: 30_000, timeoutMs: 60_000 });
  try {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "bench", displayName: "Bench" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "sender.bench.test" });
    const sender = await createMailbox(db, { actor: SYSTEM_ACTOR, address: SENDER, password: "bench password 1" });
    // Queued before the clock starts: enqueueing is submission's cost (its 250 waits for it), and
    // bench:smtp measures that side; this measures only the runner draining the queue.
    await fillQueue(db, sender.id);
    // The daemon's runner settings (daemons/smtp/main.ts), and a resolver caching answers as its does.
    const deps: QueueRunnerDeps = {
      db,
      resolver: createDnsResolver({ servers: [dns.address] }),
      pool,
      policy: DEFAULT_RETRY_POLICY,
      // No notice is ever due: every recipient is delivered (checked below), and a notice goes out
      // only for bounced, expired or long-delayed ones. A no-op keeps a blob store out of the setup.
      notify: async () => undefined,
      batchSize: 200,
      leaseMs: 600_000,
      concurrency: 50,
    };
    // Passes back to back until one finds nothing due: what startQueueRunner does while a pass
    // fills its batch, without its idle wait (intervalMs) after the last, partial one.
    const started = performance.now();
    while ((await runQueueOnce(deps)) > 0);
    const rate = MESSAGES / ((performance.now() - started) / 1000);
    const states = await db.outboundRecipient.groupBy({ by: ["state"], _count: { _all: true } });
    const delivered = states.find((s) => s.state === "DELIVERED")?._count._all ?? 0;
    const others = states.filter((s) => s.state !== "DELIVERED").map((s) => `${s._count._all} ${s.state}`);
    console.log(`  ours (${provider}): ${rate.toFixed(0)} msg/s; ${delivered} of ${MESSAGES} recipients DELIVERED${others.length > 0 ? ` (${others.join(", ")})` : ""}`);
    if (delivered !== MESSAGES) {
      const sample = await db.outboundRecipient.findFirst({ where: { state: { not: "DELIVERED" } }, select: { lastError: true } });
      throw new Error(`only ${delivered} of ${MESSAGES} recipients were delivered${sample ? `; one of the others: ${sample.lastError || "not attempted"}` : ""}`);
    }
    return rate;
  } finally {
    pool.close();
    sink.stop();
    await db.$disconnect();
    await dns.close();
    await scratch.drop();
  }
}

console.log(`== ${MESSAGES} messages of 4 KiB, one recipient each, over at most ${SESSIONS} connections, each reused`);
const ours = await measureOurs("sqlite");
const reference = await measureReference("sessions");
const perConnectionReference = await measureReference("connections");
const postgresOurs = process.env.BENCH_ONLY === "sqlite" ? null : await measureOurs("postgres");
const ratio = Number((ours / reference).toFixed(3));
console.log(`  ratio (ours on SQLite / smtp-source -d): ${ratio}`);
if (postgresOurs !== null) console.log(`  ratio (ours on PostgreSQL / smtp-source -d): ${(postgresOurs / reference).toFixed(3)}`);
const round = (rate: number | null) => (rate === null ? null : Math.round(rate));
console.log(
  JSON.stringify({
    bench: "queue",
    unit: "msg/s",
    ours: round(ours),
    reference: round(reference),
    ratio,
    postgres_ours: round(postgresOurs),
    reference_per_connection: round(perConnectionReference),
  }),
);
process.exit(0);

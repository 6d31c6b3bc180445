// npm run bench:smtp — the MX's delivery rate against Postfix's smtp-sink (issue: SMTP MX):
//   Postfix's smtp-source sends 10,000 messages of 4 KiB over 20 parallel sessions (BENCH_MESSAGES,
//   BENCH_SESSIONS) to our MX, which delivers each into a real mailbox (durably committed), and, in
//   the same run, to smtp-sink, which accepts and discards. Both rates and the ratio are printed;
//   then the same for our MX on PostgreSQL. Every message our MX answered 250 for is counted in the
//   mailbox afterwards. The last line is a JSON summary. Not a test.
// Two workloads: the headline one reuses each session for its next message (smtp-source -d), as
// bulk senders do; the second opens a connection per message (smtp-source's default), as most
// senders deliver, so connection set-up is part of the work (the MX greets at once:
// MX_GREET_PAUSE_MS=0, the default). BENCH_ONLY=sqlite skips PostgreSQL.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openDb } from "../lib/db.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { createScratchDatabase } from "../scripts/test-support/scratch-database.ts";
import { startDnsServer } from "../scripts/test-support/dns-server.ts";
import { findFreePort } from "../scripts/start/ports.ts";
import { startSmtpSink } from "./smtp-sink.ts";

const run = promisify(execFile);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const SENDER = "load@sender.bench.example";
const RECIPIENT = "inbox@bench.test";

/** Waits for a line on the child's output that says it is ready. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready: ${seen}`)));
  });
}

type Workload = "sessions" | "connections";

/** smtp-source's run: messages per second. */
async function blast(port: number, workload: Workload): Promise<number> {
  const started = performance.now();
  await run("/usr/sbin/smtp-source", [...(workload === "sessions" ? ["-d"] : []), "-s", String(SESSIONS), "-m", String(MESSAGES), "-l", "4096", "-M", "client.sender.bench.example", "-f", SENDER, "-t", RECIPIENT, `127.0.0.1:${port}`], { maxBuffer: 1 << 24 });
  return MESSAGES / ((performance.now() - started) / 1000);
}

async function measureOurs(provider: "sqlite" | "postgres", workload: Workload): Promise<number> {
  const scratch = await createScratchDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-smtp-"));
  const dns = await startDnsServer({ "sender.bench.example": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] } });
  const db = await openDb(scratch.target);
  let daemon: ChildProcess | undefined;
  try {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "bench", displayName: "Bench" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "bench.test" });
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: RECIPIENT, password: "bench password 1", quotaBytes: 1n << 50n });
    const port = await findFreePort();
    daemon = spawn(process.execPath, ["--import", "tsx", "daemons/smtp/main.ts"], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: scratch.target.url,
        SMTP_PORT: String(port),
        SUBMISSION_PORT: String(await findFreePort()),
        SMTPS_PORT: String(await findFreePort()),
        PUBLIC_HOSTNAME: "mx.bench.test",
        DNS_SERVERS: dns.address,
        MX_MAX_CONNECTIONS_PER_IP: "0",
        MX_CONNECTIONS_PER_MINUTE_PER_IP: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await waitForLine(daemon, /MX listening/);
    const rate = await blast(port, workload);
    const inbox = await db.folder.findFirstOrThrow({ where: { mailboxId: mailbox.id, name: "INBOX" } });
    console.log(`  ours (${provider}, ${workload}): ${rate.toFixed(0)} msg/s; ${inbox.messageCount} of ${MESSAGES} in the mailbox`);
    if (inbox.messageCount !== MESSAGES) throw new Error(`only ${inbox.messageCount} of ${MESSAGES} messages were delivered`);
    return rate;
  } finally {
    daemon?.kill("SIGKILL");
    await db.$disconnect();
    await dns.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureSink(workload: Workload): Promise<number> {
  const sink = await startSmtpSink();
  try {
    const rate = await blast(sink.port, workload);
    console.log(`  smtp-sink (${workload}): ${rate.toFixed(0)} msg/s`);
    return rate;
  } finally {
    sink.stop();
  }
}

const round = (rate: number | null) => (rate === null ? null : Math.round(rate));
const results = {} as Record<Workload, { ours: number; reference: number; ratio: number; postgresOurs: number | null }>;
for (const workload of ["sessions", "connections"] as const) {
  console.log(`== ${MESSAGES} messages of 4 KiB over ${SESSIONS} ${workload === "sessions" ? "sessions, each reused" : "sessions, a connection per message"}`);
  const ours = await measureOurs("sqlite", workload);
  const reference = await measureSink(workload);
  const postgresOurs = process.env.BENCH_ONLY === "sqlite" ? null : await measureOurs("postgres", workload);
  const ratio = Number((ours / reference).toFixed(3));
  console.log(`  ratio (ours on SQLite / smtp-sink): ${ratio}`);
  results[workload] = { ours, reference, ratio, postgresOurs };
}
const { sessions, connections } = results;
console.log(
  JSON.stringify({
    bench: "smtp",
    unit: "msg/s",
    ours: round(sessions.ours),
    reference: round(sessions.reference),
    ratio: sessions.ratio,
    postgres_ours: round(sessions.postgresOurs),
    per_connection: { ours: round(connections.ours), reference: round(connections.reference), ratio: connections.ratio, postgres_ours: round(connections.postgresOurs) },
  }),
);
process.exit(0);

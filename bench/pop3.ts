// npm run bench:pop3 — our POP3 daemon against Dovecot's (issue #10):
//   sessions per second of one session shape, the way a phone or fetchmail polls: connect, greeting,
//   USER, PASS, STAT, LIST, RETR 1, QUIT, one command at a time (no pipelining), each answer read
//   whole. Serial (one client) and with 4 clients (BENCH_CLIENTS) looping sessions for BENCH_SECONDS
//   (10) each; every session that ends with QUIT's +OK inside the window counts one.
//   ours / reference  the 4-client rates of our daemon (SQLite) and Dovecot; ratio = ours / reference.
//   serial_*          the same with one client.
//   postgres_*        our daemon on PostgreSQL (null when unreachable or BENCH_ONLY=sqlite).
// Each client has a mailbox of its own (POP3 allows one session per maildrop); every mailbox, on
// both servers, holds the same BENCH_MESSAGES (200) SpamAssassin corpus messages with CRLF line ends:
// ours by ingestMessages into INBOX (the store's one write path), Dovecot's by IMAP APPEND into its
// maildir. Both are plaintext on loopback. The clients run in this process (async, a few sockets);
// their CPU is printed with the servers' so a client-side bottleneck would show. Our daemon is
// `node --import tsx daemons/pop3/main.ts`; Dovecot is scripts/test-support/dovecot.ts's private
// instance (mail_fsync = optimized), whose POP3 runs a process per session as it does in production.
// Not a test: nothing here fails on a slow figure. The last line is a JSON summary.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { openDb } from "../lib/db.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { createFsBlobStore } from "../lib/blobs/fs-blob-store.ts";
import { ingestMessages } from "../lib/store/ingest-message.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../lib/store/store-deps.ts";
import { createScratchDatabase, isPostgresReachable } from "../scripts/test-support/scratch-database.ts";
import { corpusFiles } from "../scripts/test-support/corpus.ts";
import { startDovecot } from "../scripts/test-support/dovecot.ts";
import { findFreePort } from "../scripts/start/ports.ts";
import { findDovecotMaster, processCpuSeconds, processGroupCpuSeconds } from "./process-cpu.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
/** One mailbox per client: POP3 allows one session per maildrop at a time (RFC 1939 §8), and ours enforces it. */
const ADDRESSES = Array.from({ length: Math.max(1, Number(process.env.BENCH_CLIENTS ?? 4)) }, (_, i) => `bench${i + 1}@bench.test`);
const PASSWORD = "bench password 1";
const REPO = path.resolve(import.meta.dirname, "..");

// Every third corpus message, without the mbox "From " line, CRLF line ends: what a client would have appended.
const messages = corpusFiles()
  .filter((_, i) => i % 3 === 0)
  .slice(0, MESSAGES)
  .map((file) => {
    const text = readFileSync(file).toString("latin1").replace(/^From .*\n/, "");
    return Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1");
  });

// ---- a minimal POP3 client: one command at a time, each answer read whole ----

type Pop3Connection = { command(line: string, isMultiLine: boolean): Promise<string>; close(): void };

function connectPop3(port: number): Promise<{ connection: Pop3Connection; greeting: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setNoDelay(true);
    let buffer = "";
    let waiter: { isMultiLine: boolean; resolve: (text: string) => void; reject: (error: Error) => void } | null = null;
    const check = () => {
      if (!waiter) return;
      const lineEnd = buffer.indexOf("\r\n");
      if (lineEnd === -1) return;
      const isError = buffer.startsWith("-ERR");
      if (waiter.isMultiLine && !isError) {
        // the body ends at CRLF "." CRLF; the status line's CRLF may be the first of them
        const end = buffer.indexOf("\r\n.\r\n", lineEnd);
        if (end === -1) return;
        const text = buffer.slice(0, end + 5);
        buffer = buffer.slice(end + 5);
        const w = waiter;
        waiter = null;
        w.resolve(text);
        return;
      }
      const text = buffer.slice(0, lineEnd + 2);
      buffer = buffer.slice(lineEnd + 2);
      const w = waiter;
      waiter = null;
      if (isError) w.reject(new Error(text.trim()));
      else w.resolve(text);
    };
    const next = (isMultiLine: boolean) =>
      new Promise<string>((resolve, reject) => {
        waiter = { isMultiLine, resolve, reject };
        check();
      });
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      check();
    });
    socket.on("error", (error) => (waiter ? waiter.reject(error) : reject(error)));
    socket.on("close", () => waiter?.reject(new Error("connection closed")));
    const connection: Pop3Connection = {
      command(line, isMultiLine) {
        socket.write(`${line}\r\n`);
        return next(isMultiLine);
      },
      close: () => socket.destroy(),
    };
    next(false).then((greeting) => resolve({ connection, greeting }), reject);
  });
}

/** Milliseconds spent per step, summed over a phase's sessions. */
type Timings = Record<string, number>;

/** One session as `address`; adds each step's time to `timings`. */
async function runSession(port: number, address: string, timings: Timings): Promise<void> {
  let mark = performance.now();
  const step = async <T>(name: string, work: Promise<T>) => {
    const result = await work;
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - mark);
    mark = now;
    return result;
  };
  const { connection } = await step("connect", connectPop3(port));
  try {
    await step("USER", connection.command(`USER ${address}`, false));
    await step("PASS", connection.command(`PASS ${PASSWORD}`, false));
    await step("STAT", connection.command("STAT", false));
    await step("LIST", connection.command("LIST", true));
    await step("RETR", connection.command("RETR 1", true));
    await step("QUIT", connection.command("QUIT", false));
  } finally {
    connection.close();
  }
}

type Figures = { rate: number; sessions: number; failures: Record<string, number>; serverCpuPct: number; clientCpuPct: number };

/** `clients` loops of sessions for SECONDS; counts the completed ones. */
async function measure(label: string, port: number, clients: number, serverCpuSeconds: () => number): Promise<Figures> {
  // warm-up: the first session pays for caches (password verification, wire sizes, Dovecot's index)
  const timings: Timings = {};
  for (const address of ADDRESSES) for (let i = 0; i < 3; i++) await runSession(port, address, {});
  const failures: Record<string, number> = {};
  let sessions = 0;
  const endAt = performance.now() + SECONDS * 1000;
  const cpuBefore = process.cpuUsage();
  const serverBefore = serverCpuSeconds();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < endAt) {
        try {
          await runSession(port, ADDRESSES[client]!, timings);
          if (performance.now() <= endAt) sessions += 1;
        } catch (error) {
          const key = (error as Error).message.slice(0, 120);
          failures[key] = (failures[key] ?? 0) + 1;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const figures = {
    rate: sessions / SECONDS,
    sessions,
    failures,
    serverCpuPct: Math.round(((serverCpuSeconds() - serverBefore) / SECONDS) * 100),
    clientCpuPct: Math.round(((cpu.user + cpu.system) / 1e6 / SECONDS) * 100),
  };
  console.log(`  ${label}, ${clients} client${clients === 1 ? "" : "s"}: ${figures.rate.toFixed(0)} sessions/s (${sessions} in ${SECONDS} s); server ${figures.serverCpuPct}% of a core, bench client ${figures.clientCpuPct}%`);
  console.log(`    mean ms per step: ${Object.entries(timings).map(([name, ms]) => `${name} ${(ms / Math.max(1, sessions)).toFixed(2)}`).join(", ")}`);
  for (const [key, count] of Object.entries(failures)) console.log(`    failed (${count}x): ${key}`);
  return figures;
}

// ---- the servers ----

async function startOurDaemon(databaseUrl: string, dataDir: string) {
  const port = await findFreePort();
  let tlsPort = await findFreePort();
  while (tlsPort === port) tlsPort = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", "daemons/pop3/main.ts"], {
    cwd: REPO,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      POP3_PORT: String(port),
      POP3S_PORT: String(tlsPort),
      PUBLIC_HOSTNAME: "pop3.bench.test",
      LOGIN_MAX_FAILURES: "100000",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    if (output.length < 20_000) output += text;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      if (/POP3 listening/.test(text)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`our POP3 daemon exited with ${code} before listening: ${output}`)));
  });
  return {
    pid: child.pid!,
    port,
    stderr: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function benchOurs(provider: "sqlite" | "postgres") {
  console.log(`== ours on ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}`);
  const scratch = await createScratchDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-pop3-"));
  const db = await openDb(scratch.target);
  try {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "bench", displayName: "Bench" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "bench.test" });
    const store = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
    for (const address of ADDRESSES) {
      const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: PASSWORD, quotaBytes: 1n << 50n });
      for (let i = 0; i < messages.length; i += 100) {
        await ingestMessages(store, { mailboxId: mailbox.id, folder: "INBOX", source: "import", messages: messages.slice(i, i + 100).map((raw) => ({ raw })) });
      }
    }
    const daemon = await startOurDaemon(scratch.target.url, dataDir);
    try {
      const serial = await measure(`ours (${provider})`, daemon.port, 1, () => processCpuSeconds(daemon.pid));
      const parallel = await measure(`ours (${provider})`, daemon.port, CLIENTS, () => processCpuSeconds(daemon.pid));
      const errors = daemon.stderr().trim();
      if (errors) console.log(`  daemon stderr: ${errors.slice(0, 2000)}`);
      return { serial, parallel };
    } finally {
      await daemon.stop();
    }
  } finally {
    await db.$disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    await scratch.drop();
  }
}

async function benchDovecot() {
  console.log("== Dovecot");
  const dovecot = await startDovecot({ users: ADDRESSES.map((name) => ({ name, password: PASSWORD })), isDurable: true });
  try {
    for (const address of ADDRESSES) {
      const client = new ImapFlow({ host: dovecot.host, port: dovecot.imapPort, secure: false, auth: { user: address, pass: PASSWORD }, logger: false });
      await client.connect();
      for (const raw of messages) await client.append("INBOX", raw);
      await client.logout();
    }
    const master = findDovecotMaster(dovecot.directory);
    const serial = await measure("Dovecot", dovecot.pop3Port, 1, () => processGroupCpuSeconds(master));
    const parallel = await measure("Dovecot", dovecot.pop3Port, CLIENTS, () => processGroupCpuSeconds(master));
    return { serial, parallel };
  } finally {
    await dovecot.close();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

console.log(`POP3 sessions (USER, PASS, STAT, LIST, RETR 1, QUIT) over a mailbox of ${messages.length} corpus messages; ${SECONDS} s per phase, serial and ${CLIENTS} clients`);
const ours = await benchOurs("sqlite");
const postgres = process.env.BENCH_ONLY !== "sqlite" && (await isPostgresReachable()) ? await benchOurs("postgres") : null;
if (!postgres && process.env.BENCH_ONLY !== "sqlite") console.log("PostgreSQL not reachable: postgres_* are null");
const reference = await benchDovecot();
console.log(`ratio (ours SQLite / Dovecot): ${ratio(ours.parallel.rate, reference.parallel.rate)} with ${CLIENTS} clients, ${ratio(ours.serial.rate, reference.serial.rate)} serial`);
console.log(
  JSON.stringify({
    bench: "pop3",
    unit: "session/s",
    ours: round(ours.parallel.rate),
    reference: round(reference.parallel.rate),
    ratio: ratio(ours.parallel.rate, reference.parallel.rate),
    serial_ours: round(ours.serial.rate),
    serial_reference: round(reference.serial.rate),
    serial_ratio: ratio(ours.serial.rate, reference.serial.rate),
    postgres_ours: postgres ? round(postgres.parallel.rate) : null,
    postgres_serial_ours: postgres ? round(postgres.serial.rate) : null,
    clients: CLIENTS,
    messages: messages.length,
  }),
);

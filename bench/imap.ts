// npm run bench:imap — our IMAP daemon against Dovecot (issue: IMAP):
//   ours / reference  commands per second of one mixed workload, our daemon (SQLite) and Dovecot:
//                     10 clients (BENCH_CLIENTS) for 30 s each side (BENCH_SECONDS), every client
//                     looping a session: LOGIN, SELECT INBOX, FETCH the newest 50 (UID FLAGS
//                     ENVELOPE), 2-3 UID FETCH BODY.PEEK[], three UID STOREs (\Seen, \Flagged),
//                     UID SEARCH UNSEEN, UID SEARCH SUBJECT, APPEND of a corpus message, UID STORE
//                     \Deleted and UID EXPUNGE of it, LOGOUT. Each tagged OK answered inside the
//                     window counts one; the ratio is ours / Dovecot's.
//   postgres_ours     the same workload against our daemon on PostgreSQL (null when unreachable or BENCH_ONLY=sqlite)
//   idle10k_rss_mb    our daemon's resident memory (VmRSS) with 10,000 connections (BENCH_IDLE)
//                     logged in, INBOX selected and IDLE, opened 16 at a time (BENCH_LOGIN_CONCURRENCY);
//                     how long opening them took, and the login latency, are reported too.
// Before measuring, each server's INBOX gets the same 2,000 SpamAssassin corpus messages
// (BENCH_MESSAGES; CRLF line ends, as a client sends them) by APPEND over one connection, so both
// hold the same bytes; all clients share that one mailbox. Both servers are plaintext on loopback.
// Also printed: each command kind's mean latency (with 10 clients mostly time queued behind the
// others), the servers' CPU, the clients' (a bottleneck there would show), and how much of the
// machine other processes took meanwhile (others_pct: the figures are only as clean as the machine).
// The client is bench/imap-load.ts, a minimal IMAP client with no pipelining, run as forked worker
// processes (BENCH_WORKERS). Our daemon is `node --import tsx daemons/imap/main.ts`, restarted on
// the same database for each phase (filling, the workload, the idle connections); BENCH_CPU_PROF=<dir>
// writes V8 CPU profiles of its workload and idle phases on SQLite (SIGTERM on stop, so they are
// written). Dovecot is scripts/test-support/dovecot.ts's private instance as configured there, with
// mail_fsync = never: its writes are not durable where ours (fsync per commit) are.
// The last line is a JSON summary. BENCH_ONLY=sqlite skips PostgreSQL; BENCH_IDLE=0 the idle phase.
// Not a test: nothing here fails on a slow figure.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { openDb } from "../lib/db.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { createScratchDatabase, isPostgresReachable } from "../scripts/test-support/scratch-database.ts";
import { corpusFiles } from "../scripts/test-support/corpus.ts";
import { startDovecot } from "../scripts/test-support/dovecot.ts";
import { findFreePort } from "../scripts/start/ports.ts";
import { connectImap, quoted, readMessageFile, type FromWorker, type IdleResult, type ImapTarget, type MixedResult, type Tally, type ToWorker } from "./imap-load.ts";
import { findDovecotMaster, processCpuSeconds, processGroupCpuSeconds } from "./process-cpu.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const WORKERS = Math.min(CLIENTS, Number(process.env.BENCH_WORKERS ?? 2));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const IDLE_CONNECTIONS = Number(process.env.BENCH_IDLE ?? 10_000);
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 16);
/** Sockets per idle worker: well under any process's descriptor limit. */
const IDLE_PER_WORKER = 2500;
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const ADDRESS = "bench@bench.test";
const PASSWORD = "bench password 1";
const REPO = path.resolve(import.meta.dirname, "..");

// ---- the corpus: every third message fills the mailbox, the next ones are what clients append ----

const files = corpusFiles();
const fillFiles = files.filter((_, i) => i % 3 === 0).slice(0, MESSAGES);
const appendFiles = files.filter((_, i) => i % 3 === 1).slice(0, 200);
if (fillFiles.length < MESSAGES) throw new Error(`the corpus has only ${fillFiles.length} messages to fill with`);
const fillMessages = fillFiles.map(readMessageFile);
const subjectTerms = pickSubjectTerms(fillMessages);

/** Words found in a few (5-60) of the filled messages' subjects: searches that find something, not everything. */
function pickSubjectTerms(messages: Buffer[]): string[] {
  const frequency = new Map<string, number>();
  for (const message of messages) {
    const head = message.subarray(0, Math.max(0, message.indexOf("\r\n\r\n"))).toString("latin1");
    const subject = /^Subject:(.*(?:\r\n[ \t].*)*)/im.exec(head)?.[1] ?? "";
    for (const word of new Set(subject.toLowerCase().match(/[a-z]{5,}/g) ?? [])) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  return [...frequency]
    .filter(([, n]) => n >= 5 && n <= 60)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .slice(0, 20)
    .map(([word]) => word);
}

// ---- processes ----

function readProcStatusKb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? 0);
}

const toMb = (kb: number) => Math.round(kb / 1024);

/** The machine's busy and total CPU time so far (/proc/stat), to tell how loaded both cores were. */
function machineCpu(): { busy: number; total: number } {
  const values = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - values[3]! - values[4]!, total };
}

type OurDaemon = {
  pid: number;
  port: number;
  /** What it wrote to stderr: each distinct line (stack frames left out) with how often it came, and how many errors it logged ("imap: ...", "change feed: ..."). */
  stderr: { lines: Map<string, number>; loggedErrors: number };
  /** SIGTERM (the daemon closes its connections and exits, writing a CPU profile if asked), SIGKILL after 30 s. */
  stop(): Promise<void>;
};

/**
 * Starts our IMAP daemon. Through bash, whose `ulimit -n` raises the soft descriptor limit to the
 * hard one: Node cannot raise its own, and 10,000 connections need more than the usual 1,024.
 */
async function startOurDaemon(databaseUrl: string, dataDir: string, options: { cpuProfileDir?: string } = {}): Promise<OurDaemon> {
  const port = await findFreePort();
  let tlsPort = await findFreePort();
  while (tlsPort === port) tlsPort = await findFreePort();
  const nodeArgs = [...(options.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir] : []), "--import", "tsx", "daemons/imap/main.ts"];
  const child = spawn("bash", ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...nodeArgs], {
    cwd: REPO,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      IMAP_PORT: String(port),
      IMAPS_PORT: String(tlsPort),
      PUBLIC_HOSTNAME: "imap.bench.test",
      // successful logins never count against these; raised so that no stray failure locks the run out
      LOGIN_MAX_FAILURES: "100000",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr = { lines: new Map<string, number>(), loggedErrors: 0 };
  let output = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    for (const line of text.split("\n").filter((l) => l.trim() && !/^\s+at /.test(l))) {
      if (/^(imap|change feed): /.test(line)) stderr.loggedErrors += 1;
      stderr.lines.set(line.slice(0, 300), (stderr.lines.get(line.slice(0, 300)) ?? 0) + 1);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      output += text.slice(0, 2000);
      if (/IMAP listening/.test(output)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`our IMAP daemon exited with ${code} before listening: ${output}${[...stderr.lines.keys()].join("\n")}`)));
  });
  return {
    pid: child.pid!,
    port,
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Prints what the daemon wrote to stderr during a phase (the first 40 distinct lines); returns how many errors it logged. */
function reportStderr(phase: string, daemon: OurDaemon): number {
  const lines = [...daemon.stderr.lines];
  for (const [line, count] of lines.slice(0, 40)) console.log(`  ${phase} stderr (${count}x): ${line}`);
  if (lines.length > 40) console.log(`  ${phase} stderr: ${lines.length - 40} more distinct lines`);
  return daemon.stderr.loggedErrors;
}

function forkWorker(): ChildProcess {
  return fork(path.join(import.meta.dirname, "imap-load.ts"), [], { cwd: REPO, execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_IMAP_WORKER: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function nextMessage<T extends FromWorker["type"]>(worker: ChildProcess, type: T): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type !== type) return;
      worker.off("message", onMessage);
      resolve(message as Extract<FromWorker, { type: T }>);
    };
    worker.on("message", onMessage);
    worker.once("exit", (code) => reject(new Error(`a bench worker exited with ${code}`)));
  });
}

const send = (worker: ChildProcess, message: ToWorker) => worker.send(message);

/** Splits `total` into `parts` near-equal whole shares. */
const shares = (total: number, parts: number) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

// ---- the phases ----

/** APPENDs the fill messages in order over one connection; seconds taken. */
async function fillInbox(target: ImapTarget): Promise<number> {
  const started = performance.now();
  const connection = await connectImap(target.host, target.port);
  const login = await connection.command(`LOGIN ${quoted(target.user)} ${quoted(target.password)}`);
  if (login.status !== "OK") throw new Error(`LOGIN: ${login.text}`);
  for (const message of fillMessages) {
    const reply = await connection.command("APPEND INBOX", message);
    if (reply.status !== "OK") throw new Error(`APPEND while filling: ${reply.text}`);
  }
  await connection.command("LOGOUT");
  connection.close();
  return (performance.now() - started) / 1000;
}

type WorkloadFigures = { rate: number; tally: Tally; sessions: number; failures: Record<string, number>; clientCpuPct: number[]; machineBusyPct: number; serverCpuPct: number; othersPct: number };

/**
 * The mixed workload from CLIENTS clients spread over WORKERS processes, all starting together.
 * `serverCpuSeconds` reads the server's CPU time so far; with the machine's, the clients' and this
 * process's, it tells how much of the machine other processes took meanwhile (a shared machine).
 */
async function runWorkload(label: string, target: ImapTarget, serverCpuSeconds: () => number): Promise<WorkloadFigures> {
  const workers = Array.from({ length: WORKERS }, forkWorker);
  try {
    const clientShares = shares(CLIENTS, WORKERS);
    const ready = workers.map((worker) => nextMessage(worker, "ready"));
    workers.forEach((worker, i) => send(worker, { type: "mixed", job: { target, clients: clientShares[i]!, seed: i + 1, appendFiles, subjectTerms } }));
    await Promise.all(ready);
    const results = workers.map((worker) => nextMessage(worker, "mixed-result"));
    const startAt = Date.now() + 1000;
    const endAt = startAt + SECONDS * 1000;
    for (const worker of workers) send(worker, { type: "start", startAt, endAt });
    await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
    const machineBefore = machineCpu();
    const serverBefore = serverCpuSeconds();
    const benchBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, endAt - Date.now()));
    const machineAfter = machineCpu();
    const serverSeconds = serverCpuSeconds() - serverBefore;
    const benchUsage = process.cpuUsage(benchBefore);
    const finished: MixedResult[] = (await Promise.all(results)).map((message) => message.result);

    const tally: Tally = {};
    const failures: Record<string, number> = {};
    for (const result of finished) {
      for (const [kind, entry] of Object.entries(result.tally)) {
        const sum = (tally[kind] ??= { ok: 0, no: 0, bad: 0, ms: 0 });
        sum.ok += entry.ok;
        sum.no += entry.no;
        sum.bad += entry.bad;
        sum.ms += entry.ms;
      }
      for (const [key, count] of Object.entries(result.failures)) failures[key] = (failures[key] ?? 0) + count;
    }
    const oks = Object.values(tally).reduce((sum, entry) => sum + entry.ok, 0);
    const rate = oks / SECONDS;
    const sessions = finished.reduce((sum, result) => sum + result.sessions, 0);
    const clientCpuPct = finished.map((result) => Math.round((result.cpuMs / result.wallMs) * 100));
    const machineBusyPct = Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100);
    const serverCpuPct = Math.round((serverSeconds / SECONDS) * 100);
    // what neither server nor clients used of the machine's busy time, in % of the whole machine
    const oursSeconds = serverSeconds + finished.reduce((sum, result) => sum + result.cpuMs / 1000, 0) + (benchUsage.user + benchUsage.system) / 1e6;
    const othersPct = Math.max(0, Math.round(machineBusyPct - (oursSeconds / (SECONDS * availableParallelism())) * 100));
    console.log(`  ${label}: ${rate.toFixed(0)} cmd/s (${oks} OKs, ${sessions} whole sessions in ${SECONDS} s); server ${serverCpuPct}% of a core, client workers ${clientCpuPct.map((p) => `${p}%`).join(" ")}; machine (${availableParallelism()} cores) ${machineBusyPct}% busy, ${othersPct}% by other processes`);
    for (const [kind, entry] of Object.entries(tally)) {
      console.log(`    ${kind.padEnd(16)} ${String(entry.ok).padStart(6)} OK  ${(entry.ms / Math.max(1, entry.ok)).toFixed(2).padStart(8)} ms mean${entry.no + entry.bad > 0 ? `  ${entry.no} NO ${entry.bad} BAD` : ""}`);
    }
    for (const [key, count] of Object.entries(failures)) console.log(`    failed (${count}x): ${key}`);
    return { rate, tally, sessions, failures, clientCpuPct, machineBusyPct, serverCpuPct, othersPct };
  } finally {
    for (const worker of workers) worker.kill();
  }
}

type IdleFigures = { opened: number; openSeconds: number; baselineRssMb: number; rssMb: number; peakRssMb: number; loginMsP50: number; loginMsP95: number; kbPerConnection: number; daemonCpuPct: number; machineBusyPct: number; failures: Record<string, number> };

/** IDLE_CONNECTIONS sessions idling in INBOX, then the daemon's resident memory. */
async function measureIdle(daemon: OurDaemon, target: ImapTarget): Promise<IdleFigures> {
  const limit = Number(readFileSync(`/proc/${daemon.pid}/limits`, "utf8").match(/Max open files\s+(\d+)/)?.[1] ?? 0);
  if (limit < IDLE_CONNECTIONS + 100) console.log(`  warning: the daemon may open only ${limit} files, fewer than ${IDLE_CONNECTIONS} connections need`);
  const baselineRssMb = toMb(readProcStatusKb(daemon.pid, "VmRSS"));
  const parts = Math.max(1, Math.ceil(IDLE_CONNECTIONS / IDLE_PER_WORKER));
  const workers = Array.from({ length: parts }, forkWorker);
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, readProcStatusKb(daemon.pid, "VmRSS"))), 250);
  const progress = setInterval(
    () => (process.stdout.isTTY ? process.stdout.write(`\r  ${countOpenFiles(daemon.pid)} files open in the daemon`) : console.log(`  ${countOpenFiles(daemon.pid)} files open in the daemon`)),
    process.stdout.isTTY ? 5000 : 60_000,
  );
  const machineBefore = machineCpu();
  const daemonCpuBefore = processCpuSeconds(daemon.pid);
  try {
    const openStarted = performance.now();
    const results = workers.map((worker) => nextMessage(worker, "idle-result"));
    const connectionShares = shares(IDLE_CONNECTIONS, parts);
    const concurrencyShares = shares(Math.max(parts, LOGIN_CONCURRENCY), parts);
    workers.forEach((worker, i) => send(worker, { type: "idle", job: { target, connections: connectionShares[i]!, concurrency: concurrencyShares[i]! } }));
    const finished: IdleResult[] = (await Promise.all(results)).map((message) => message.result);
    clearInterval(progress);
    if (process.stdout.isTTY) process.stdout.write("\n");
    const machineAfter = machineCpu();
    const daemonCpuPct = Math.round(((processCpuSeconds(daemon.pid) - daemonCpuBefore) / (performance.now() - openStarted)) * 100_000);
    const machineBusyPct = Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100);
    const opened = finished.reduce((sum, result) => sum + result.opened, 0);
    const openSeconds = Math.max(...finished.map((result) => result.ms)) / 1000;
    const logins = finished.flatMap((result) => result.loginMs).sort((a, b) => a - b);
    const failures: Record<string, number> = {};
    for (const result of finished) for (const [key, count] of Object.entries(result.failures)) failures[key] = (failures[key] ?? 0) + count;
    // a moment for the last logins' garbage to go and the heap to settle, as it would on a quiet server
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rssKb = readProcStatusKb(daemon.pid, "VmRSS");
    const figures: IdleFigures = {
      opened,
      openSeconds: Number(openSeconds.toFixed(1)),
      baselineRssMb,
      rssMb: toMb(rssKb),
      peakRssMb: toMb(Math.max(peakKb, rssKb)),
      loginMsP50: Math.round(logins[Math.floor(logins.length / 2)] ?? 0),
      loginMsP95: Math.round(logins[Math.floor(logins.length * 0.95)] ?? 0),
      kbPerConnection: Math.round((rssKb - baselineRssMb * 1024) / Math.max(1, opened)),
      daemonCpuPct,
      machineBusyPct,
      failures,
    };
    console.log(`  ${opened} of ${IDLE_CONNECTIONS} connections idling in INBOX after ${figures.openSeconds} s (logins ${LOGIN_CONCURRENCY} at a time: ${figures.loginMsP50} ms median, ${figures.loginMsP95} ms p95; daemon ${daemonCpuPct}% of a core, machine ${machineBusyPct}% busy)`);
    console.log(`  daemon VmRSS ${figures.rssMb} MB (${figures.baselineRssMb} MB before, peak ${figures.peakRssMb} MB while opening; ~${figures.kbPerConnection} KiB per connection)`);
    for (const [key, count] of Object.entries(failures)) console.log(`    failed (${count}x): ${key}`);
    return figures;
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    for (const worker of workers) send(worker, { type: "close" });
  }
}

/** Descriptors the process holds: its sockets, plus a few dozen files. */
function countOpenFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

type OursFigures = { fillSeconds: number; workload: WorkloadFigures; idle: IdleFigures | null; loggedErrors: { fill: number; workload: number; idle: number | null } };

async function measureOurs(provider: "sqlite" | "postgres", options: { idle: boolean }): Promise<OursFigures> {
  console.log(`== ours on ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}`);
  const scratch = await createScratchDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-imap-"));
  const db = await openDb(scratch.target);
  const daemons: OurDaemon[] = [];
  const start = async (cpuProfileDir?: string) => {
    const daemon = await startOurDaemon(scratch.target.url, dataDir, { cpuProfileDir });
    daemons.push(daemon);
    return daemon;
  };
  try {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "bench", displayName: "Bench" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "bench.test" });
    await createMailbox(db, { actor: SYSTEM_ACTOR, address: ADDRESS, password: PASSWORD, quotaBytes: 1n << 50n });
    await db.$disconnect();

    let daemon = await start();
    const target = (port: number): ImapTarget => ({ host: "127.0.0.1", port, user: ADDRESS, password: PASSWORD });
    const fillSeconds = await fillInbox(target(daemon.port));
    console.log(`  filled INBOX with ${MESSAGES} messages in ${fillSeconds.toFixed(1)} s (${(MESSAGES / fillSeconds).toFixed(0)} APPEND/s over one connection)`);
    await daemon.stop();
    const fillErrors = reportStderr("fill", daemon);

    const profiled = provider === "sqlite" ? (CPU_PROFILE_DIR ?? undefined) : undefined;
    daemon = await start(profiled);
    const workloadDaemon = daemon;
    const workload = await runWorkload(`ours (${provider})`, target(daemon.port), () => processCpuSeconds(workloadDaemon.pid));
    await daemon.stop();
    if (profiled) console.log(`  CPU profile of the workload phase (daemon pid ${daemon.pid}) written to ${profiled}`);
    const workloadErrors = reportStderr("workload", daemon);

    let idle: IdleFigures | null = null;
    let idleErrors: number | null = null;
    if (options.idle && IDLE_CONNECTIONS > 0) {
      daemon = await start(profiled);
      idle = await measureIdle(daemon, target(daemon.port));
      await daemon.stop();
      if (profiled) console.log(`  CPU profile of the idle phase (daemon pid ${daemon.pid}) written to ${profiled}`);
      idleErrors = reportStderr("idle", daemon);
    }
    return { fillSeconds, workload, idle, loggedErrors: { fill: fillErrors, workload: workloadErrors, idle: idleErrors } };
  } finally {
    for (const daemon of daemons) await daemon.stop();
    await db.$disconnect();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureDovecot(): Promise<{ fillSeconds: number; workload: WorkloadFigures }> {
  console.log("== Dovecot");
  const dovecot = await startDovecot({ users: [{ name: ADDRESS, password: PASSWORD }], isDurable: true });
  try {
    const target: ImapTarget = { host: dovecot.host, port: dovecot.imapPort, user: ADDRESS, password: PASSWORD };
    const fillSeconds = await fillInbox(target);
    console.log(`  filled INBOX with ${MESSAGES} messages in ${fillSeconds.toFixed(1)} s (${(MESSAGES / fillSeconds).toFixed(0)} APPEND/s over one connection)`);
    const master = findDovecotMaster(dovecot.directory);
    const workload = await runWorkload("Dovecot", target, () => processGroupCpuSeconds(master));
    return { fillSeconds, workload };
  } finally {
    await dovecot.close();
  }
}

console.log(`${CLIENTS} clients over ${WORKERS} worker processes, ${SECONDS} s per server; INBOX of ${MESSAGES} corpus messages; subject terms: ${subjectTerms.join(" ")}`);
const sqlite = await measureOurs("sqlite", { idle: true });
const dovecot = await measureDovecot();
const postgres = process.env.BENCH_ONLY === "sqlite" ? null : (await isPostgresReachable()) ? await measureOurs("postgres", { idle: false }) : null;
if (!postgres && process.env.BENCH_ONLY !== "sqlite") console.log("PostgreSQL not reachable: postgres_ours is null");

const ratio = Number((sqlite.workload.rate / dovecot.workload.rate).toFixed(3));
console.log(`ratio (ours on SQLite / Dovecot): ${ratio}`);
const meanMs = (tally: Tally | undefined, kind: string) => (tally?.[kind] ? Number((tally[kind].ms / Math.max(1, tally[kind].ok)).toFixed(2)) : null);
const kinds = [...new Set([...Object.keys(sqlite.workload.tally), ...Object.keys(dovecot.workload.tally)])];
console.log(
  JSON.stringify({
    bench: "imap",
    unit: "cmd/s",
    ours: Math.round(sqlite.workload.rate),
    reference: Math.round(dovecot.workload.rate),
    ratio,
    idle10k_rss_mb: sqlite.idle?.rssMb ?? null,
    postgres_ours: postgres ? Math.round(postgres.workload.rate) : null,
    idle: sqlite.idle && { opened: sqlite.idle.opened, open_s: sqlite.idle.openSeconds, daemon_cpu_pct: sqlite.idle.daemonCpuPct, login_ms_p50: sqlite.idle.loginMsP50, login_ms_p95: sqlite.idle.loginMsP95, baseline_rss_mb: sqlite.idle.baselineRssMb, peak_rss_mb: sqlite.idle.peakRssMb, kb_per_connection: sqlite.idle.kbPerConnection },
    mean_ms: Object.fromEntries(kinds.map((kind) => [kind, { ours: meanMs(sqlite.workload.tally, kind), reference: meanMs(dovecot.workload.tally, kind), postgres_ours: meanMs(postgres?.workload.tally, kind) }])),
    fill_append_per_s: { ours: Math.round(MESSAGES / sqlite.fillSeconds), reference: Math.round(MESSAGES / dovecot.fillSeconds), postgres_ours: postgres ? Math.round(MESSAGES / postgres.fillSeconds) : null },
    failed: {
      ours: Object.values(sqlite.workload.failures).reduce((a, b) => a + b, 0),
      reference: Object.values(dovecot.workload.failures).reduce((a, b) => a + b, 0),
      postgres_ours: postgres ? Object.values(postgres.workload.failures).reduce((a, b) => a + b, 0) : null,
      idle: sqlite.idle ? Object.values(sqlite.idle.failures).reduce((a, b) => a + b, 0) : null,
    },
    daemon_logged_errors: { ours: sqlite.loggedErrors, postgres_ours: postgres?.loggedErrors ?? null },
    client_cpu_pct: { ours: sqlite.workload.clientCpuPct, reference: dovecot.workload.clientCpuPct },
    server_cpu_pct: { ours: sqlite.workload.serverCpuPct, reference: dovecot.workload.serverCpuPct, postgres_ours: postgres?.workload.serverCpuPct ?? null },
    machine_busy_pct: { ours: sqlite.workload.machineBusyPct, reference: dovecot.workload.machineBusyPct },
    others_pct: { ours: sqlite.workload.othersPct, reference: dovecot.workload.othersPct, postgres_ours: postgres?.workload.othersPct ?? null },
  }),
);
process.exit(0);

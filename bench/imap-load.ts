// The load generator of bench/imap.ts: a minimal IMAP client (one command at a time, no pipelining;
// literals are skipped by their announced length, never parsed), the mixed session the benchmark
// loops, and the IDLE opener. bench/imap.ts forks this file as worker processes
// (BENCH_IMAP_WORKER=1), so that the clients' own cost is spread over processes it can measure, and
// ten thousand idle sockets do not sit in one process's file-descriptor table.
import { connect } from "node:net";
import { readFileSync } from "node:fs";

/** Where the load goes and as whom. */
export type ImapTarget = { host: string; port: number; user: string; password: string };

export type Reply = { status: "OK" | "NO" | "BAD"; text: string; untagged: string[] };

/** One connection as the bench drives it. */
export type ImapConnection = {
  /** Sends `tag text` (then `literal` as a LITERAL+ literal, RFC 7888) and resolves with the tagged completion. */
  command(text: string, literal?: Buffer): Promise<Reply>;
  /** Sends `tag text` and resolves at the server's continuation request, as IDLE (RFC 2177) answers. */
  commandUntilContinuation(text: string): Promise<void>;
  close(): void;
};

const COMMAND_TIMEOUT_MS = 60_000;
const LITERAL_AT_END = /\{(\d+)\+?\}$/;

/** Resolves once the server's greeting has arrived. */
export function connectImap(host: string, port: number): Promise<ImapConnection> {
  return new Promise((resolveConnected, rejectConnected) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let literalLeft = 0;
    let segments: string[] = [];
    let untagged: string[] = [];
    let tagCount = 0;
    let isGreeted = false;
    // The one command in flight: its tag, and what to do with its completion or a continuation.
    let waiter: { tag: string; onTagged(reply: Reply): void; onContinuation?(): void; fail(error: Error): void } | null = null;
    let timer: NodeJS.Timeout | undefined;

    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!isGreeted) rejectConnected(error);
      const current = waiter;
      waiter = null;
      current?.fail(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("the server closed the connection")));

    const dispatch = (response: string) => {
      if (!isGreeted) {
        isGreeted = true;
        if (response.startsWith("* OK")) resolveConnected(connection);
        else rejectConnected(new Error(`greeting: ${response}`));
        return;
      }
      if (waiter && response.startsWith(`${waiter.tag} `)) {
        clearTimeout(timer);
        const rest = response.slice(waiter.tag.length + 1);
        const status = rest.slice(0, rest.indexOf(" ")) as Reply["status"];
        const current = waiter;
        waiter = null;
        const reply = { status, text: rest, untagged };
        untagged = [];
        current.onTagged(reply);
      } else if (response.startsWith("+") && waiter?.onContinuation) {
        clearTimeout(timer);
        const current = waiter;
        waiter = null;
        untagged = [];
        current.onContinuation!();
      } else {
        untagged.push(response);
      }
    };

    socket.on("data", (chunk: Buffer) => {
      const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let pos = 0;
      for (;;) {
        if (literalLeft > 0) {
          const skipped = Math.min(literalLeft, bytes.length - pos);
          literalLeft -= skipped;
          pos += skipped;
          if (literalLeft > 0) break;
          continue;
        }
        const end = bytes.indexOf("\r\n", pos, "latin1");
        if (end < 0) break;
        const line = bytes.toString("latin1", pos, end);
        pos = end + 2;
        const literal = line.endsWith("}") ? LITERAL_AT_END.exec(line) : null;
        if (literal) {
          // the response goes on after the literal; its bytes are only counted past
          segments.push(line.slice(0, literal.index), "{}");
          literalLeft = Number(literal[1]);
          continue;
        }
        segments.push(line);
        const response = segments.join("");
        segments = [];
        dispatch(response);
      }
      pending = pos >= bytes.length ? Buffer.alloc(0) : bytes.subarray(pos);
    });

    const send = (text: string, literal: Buffer | undefined, onTagged: (reply: Reply) => void, fail: (error: Error) => void, onContinuation?: () => void) => {
      if (waiter) throw new Error("one command at a time");
      const tag = `b${++tagCount}`;
      waiter = { tag, onTagged, onContinuation, fail };
      timer = setTimeout(() => socket.destroy(new Error(`no answer to "${text.slice(0, 40)}" within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
      if (literal) socket.write(Buffer.concat([Buffer.from(`${tag} ${text} {${literal.length}+}\r\n`, "latin1"), literal, Buffer.from("\r\n")]));
      else socket.write(`${tag} ${text}\r\n`, "latin1");
    };

    const connection: ImapConnection = {
      command: (text, literal) => new Promise((resolve, reject) => send(text, literal, resolve, reject)),
      commandUntilContinuation: (text) =>
        new Promise((resolve, reject) =>
          send(text, undefined, (reply) => reject(new Error(`${text}: ${reply.text}`)), reject, resolve),
        ),
      close: () => socket.destroy(),
    };
  });
}

/** A quoted string (RFC 9051 §4.3); the bench's passwords and search terms need no literal. */
export function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** CRLF line ends, as a client sends a message (the corpus files have bare LFs). */
export function readMessageFile(file: string): Buffer {
  return Buffer.from(readFileSync(file).toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}

/** The message count after these responses: the last EXISTS, less the EXPUNGEs told after it (a SELECT's answer may carry both). */
function countMessages(untagged: string[]): number {
  let count = 0;
  for (const response of untagged) {
    const number = /^\* (\d+) (EXISTS|EXPUNGE)\b/.exec(response);
    if (number?.[2] === "EXISTS") count = Number(number[1]);
    else if (number) count -= 1;
  }
  return count;
}

/** A small seeded generator (mulberry32), so both servers see the same choices. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per command kind: tagged OKs, NOs and BADs within the window, and the OKs' summed latency. */
export type Tally = Record<string, { ok: number; no: number; bad: number; ms: number }>;

export type MixedJob = { target: ImapTarget; clients: number; seed: number; appendFiles: string[]; subjectTerms: string[] };
export type MixedResult = { tally: Tally; sessions: number; failures: Record<string, number>; cpuMs: number; wallMs: number };

class WindowClosed extends Error {}

/**
 * Loops one client's session until `endAt`: login, select INBOX, the envelopes and flags of the
 * newest 50, two or three bodies, flag changes, two searches, an APPEND, and the removal of what it
 * appended. Only commands answered before `endAt` count (the loops start together at the window's start).
 */
async function loopMixedSessions(job: MixedJob, clientIndex: number, messages: Buffer[], endAt: number, result: MixedResult) {
  const random = seededRandom(job.seed * 1000 + clientIndex);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const count = (kind: string, reply: Reply, ms: number) => {
    const entry = (result.tally[kind] ??= { ok: 0, no: 0, bad: 0, ms: 0 });
    if (reply.status === "OK") {
      entry.ok += 1;
      entry.ms += ms;
    } else {
      entry[reply.status === "NO" ? "no" : "bad"] += 1;
      const key = `${kind}: ${reply.text.slice(0, 120)}`;
      result.failures[key] = (result.failures[key] ?? 0) + 1;
    }
  };
  while (Date.now() < endAt) {
    let connection: ImapConnection | null = null;
    const step = async (kind: string, text: string, literal?: Buffer): Promise<Reply> => {
      if (Date.now() >= endAt) throw new WindowClosed();
      const sent = performance.now();
      const reply = await connection!.command(text, literal);
      if (Date.now() > endAt) throw new WindowClosed();
      count(kind, reply, performance.now() - sent);
      return reply;
    };
    try {
      connection = await connectImap(job.target.host, job.target.port);
      const login = await step("LOGIN", `LOGIN ${quoted(job.target.user)} ${quoted(job.target.password)}`);
      if (login.status !== "OK") throw new Error(`LOGIN: ${login.text}`);
      const selected = await step("SELECT", "SELECT INBOX");
      if (selected.status !== "OK") throw new Error(`SELECT: ${selected.text}`);
      const exists = countMessages(selected.untagged);
      if (exists === 0) throw new Error("SELECT INBOX: no EXISTS");
      const page = await step("FETCH envelopes", `FETCH ${Math.max(1, exists - 49)}:${exists} (UID FLAGS ENVELOPE)`);
      // The page's older part: the newest messages may be other clients' appends, about to go.
      const uids = page.untagged.map((response) => Number(/^\* \d+ FETCH \(.*?\bUID (\d+)/.exec(response)?.[1] ?? 0)).filter((uid) => uid > 0).slice(0, 35);
      if (uids.length < 3) throw new Error(`FETCH envelopes: ${uids.length} UIDs in ${page.untagged.length} responses`);
      const bodies = 2 + Math.floor(random() * 2);
      for (let i = 0; i < bodies; i++) await step("FETCH body", `UID FETCH ${pick(uids)} (UID BODY.PEEK[])`);
      await step("STORE", `UID STORE ${pick(uids)},${pick(uids)} +FLAGS (\\Seen)`);
      await step("STORE", `UID STORE ${pick(uids)} -FLAGS (\\Seen)`);
      await step("STORE", `UID STORE ${pick(uids)} +FLAGS (\\Flagged)`);
      await step("SEARCH unseen", "UID SEARCH UNSEEN");
      await step("SEARCH subject", `UID SEARCH SUBJECT ${quoted(pick(job.subjectTerms))}`);
      const appended = await step("APPEND", "APPEND INBOX", pick(messages));
      const uid = /\[APPENDUID \d+ (\d+)\]/.exec(appended.text)?.[1];
      if (!uid) throw new Error(`APPEND: no APPENDUID in ${appended.text}`);
      await step("STORE", `UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`);
      await step("UID EXPUNGE", `UID EXPUNGE ${uid}`);
      await step("LOGOUT", "LOGOUT");
      result.sessions += 1;
    } catch (error) {
      if (!(error instanceof WindowClosed) && Date.now() < endAt) {
        const key = `session: ${(error as Error).message.slice(0, 160)}`;
        result.failures[key] = (result.failures[key] ?? 0) + 1;
      }
    } finally {
      connection?.close();
    }
  }
}

async function runMixed(job: MixedJob, messages: Buffer[], startAt: number, endAt: number): Promise<MixedResult> {
  const result: MixedResult = { tally: {}, sessions: 0, failures: {}, cpuMs: 0, wallMs: 0 };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: job.clients }, (_, i) => loopMixedSessions(job, i, messages, endAt, result)));
  const used = process.cpuUsage(cpu);
  result.cpuMs = (used.user + used.system) / 1000;
  result.wallMs = performance.now() - started;
  return result;
}

export type IdleJob = { target: ImapTarget; connections: number; concurrency: number };
export type IdleResult = { opened: number; failures: Record<string, number>; ms: number; loginMs: number[] };

/** Opens `connections` sessions idling in INBOX, `concurrency` at a time; they stay open until the parent says "close". */
async function openIdleSessions(job: IdleJob, held: ImapConnection[]): Promise<IdleResult> {
  const result: IdleResult = { opened: 0, failures: {}, ms: 0, loginMs: [] };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.connections) {
        next += 1;
        let connection: ImapConnection | null = null;
        try {
          connection = await connectImap(job.target.host, job.target.port);
          const loginStarted = performance.now();
          const login = await connection.command(`LOGIN ${quoted(job.target.user)} ${quoted(job.target.password)}`);
          if (login.status !== "OK") throw new Error(`LOGIN: ${login.text}`);
          result.loginMs.push(performance.now() - loginStarted);
          const select = await connection.command("SELECT INBOX");
          if (select.status !== "OK") throw new Error(`SELECT: ${select.text}`);
          await connection.commandUntilContinuation("IDLE");
          held.push(connection);
          result.opened += 1;
        } catch (error) {
          connection?.close();
          const key = (error as Error).message.slice(0, 160);
          result.failures[key] = (result.failures[key] ?? 0) + 1;
        }
      }
    }),
  );
  result.ms = performance.now() - started;
  return result;
}

export type ToWorker = { type: "mixed"; job: MixedJob } | { type: "start"; startAt: number; endAt: number } | { type: "idle"; job: IdleJob } | { type: "close" };
export type FromWorker = { type: "ready" } | { type: "mixed-result"; result: MixedResult } | { type: "idle-result"; result: IdleResult };

if (process.env.BENCH_IMAP_WORKER === "1" && process.send) {
  const reply = (message: FromWorker) => process.send!(message);
  let mixed: { job: MixedJob; messages: Buffer[] } | null = null;
  const held: ImapConnection[] = [];
  process.on("message", (message: ToWorker) => {
    if (message.type === "mixed") {
      // read before the window opens: the clients' loops then only talk
      mixed = { job: message.job, messages: message.job.appendFiles.map(readMessageFile) };
      reply({ type: "ready" });
    } else if (message.type === "start") {
      void runMixed(mixed!.job, mixed!.messages, message.startAt, message.endAt).then((result) => reply({ type: "mixed-result", result }));
    } else if (message.type === "idle") {
      void openIdleSessions(message.job, held).then((result) => reply({ type: "idle-result", result }));
    } else {
      for (const connection of held) connection.close();
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
}

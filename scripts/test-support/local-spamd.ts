// Runs Debian's spamd as a child process on a free loopback port, for tests.
import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { pingSpamd } from "../../lib/delivery/spamd/ping-spamd.ts";
import { findFreePort } from "../start/ports.ts";
import { stopProcessGroup } from "./stop-process-group.ts";

export const SPAMD_PATH = "/usr/sbin/spamd";

export type LocalSpamd = {
  host: string;
  port: number;
  /** The command line, for messages and CI notes. */
  command: string[];
  /** Stops spamd and its children (SIGTERM to the process group, SIGKILL if that is not enough). */
  stop: () => Promise<void>;
};

/** What spamd printed last, shown when it fails to start. */
const MAX_LOG_TAIL = 4000;
/** spamd loads and compiles its rule set at start: 1-2 s with sa-compile's output, over 10 s without. */
const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** A PING waits this long for PONG while spamd starts; the loop then asks again. */
const PING_TIMEOUT_MS = 1000;
const PING_INTERVAL_MS = 100;

/**
 * Starts spamd on 127.0.0.1 and resolves once it answers PING with PONG. Needs Debian's `spamd` and
 * `spamassassin` packages and the rules they ship; no network (--local: no DNS tests) and no sa-update.
 * As root, spamd must drop to a user (it refuses to check mail as root), so it runs as "nobody".
 */
export async function startLocalSpamd(options: { readyTimeoutMs?: number } = {}): Promise<LocalSpamd> {
  const host = "127.0.0.1";
  const port = await findFreePort();
  const args = [
    `--listen=${host}`,
    `--port=${port}`,
    "--max-children=1",
    ...(process.getuid?.() === 0 ? ["--username=nobody"] : []),
    "--nouser-config",
    "--local",
    "--syslog=stderr",
  ];
  // its own process group (detached), so stop() reaches the children spamd forks
  const child = spawn(SPAMD_PATH, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let logTail = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    logTail = (logTail + text).slice(-MAX_LOG_TAIL);
  });
  const command = [SPAMD_PATH, ...args];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const spawnFailed = new Promise<Error>((resolve) => child.once("error", resolve));
  const spamd = { host, port, command, stop: () => stopProcessGroup(child, exited) };

  const deadline = Date.now() + (options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  const describe = (problem: string) => new Error(`spamd did not start (${command.join(" ")}): ${problem}\n${logTail.trim() || "(no output)"}`);
  for (;;) {
    const attempt = pingSpamd({ host, port, timeoutMs: PING_TIMEOUT_MS }).then(() => "pong" as const, () => "no answer" as const);
    const outcome = await Promise.race([attempt, exited, spawnFailed]);
    if (outcome === "pong") return spamd;
    if (outcome instanceof Error) throw describe(`${outcome.message}; install the Debian packages spamd and spamassassin`);
    if (outcome !== "no answer") throw describe(`it exited with ${outcome.signal ?? `code ${outcome.code}`}`);
    if (Date.now() > deadline) {
      await spamd.stop();
      throw describe(`no PONG within ${options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS} ms`);
    }
    // pacing between PINGs while spamd loads its rules; readiness itself is the PONG
    await delay(PING_INTERVAL_MS);
  }
}

// The SMTP daemon (daemons/smtp/main.ts) as its own process, for tests that kill it with -9.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Starts the daemon with `env` over the test's own; `ready` resolves once the MX listens. */
export function startSmtpDaemon(env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "daemons/smtp/main.ts")], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("MX listening") && resolve());
    child.once("exit", (code) => reject(new Error(`the SMTP daemon exited (${code}) before it listened`)));
  });
  return { child, ready };
}

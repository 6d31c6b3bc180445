// The production build of the web app on a free port, for the browser tests and the webmail
// benchmark: NODE_ENV=production, its own DATA_DIR and database, its log kept in a file.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "../start/ports.ts";

export type WebServer = { url: string; stop: () => Promise<void> };

export async function startWebServer(input: { root: string; databaseUrl: string; dataDir: string; logFile: string }): Promise<WebServer> {
  const port = await findFreePort();
  const server = spawn(process.execPath, ["--import", "tsx", path.join(input.root, "server.ts")], {
    cwd: input.root,
    env: { ...process.env, NODE_ENV: "production", WEB_PORT: String(port), DATA_DIR: input.dataDir, DATABASE_URL: input.databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // The server's own log, for when a page shows "A server error occurred".
  mkdirSync(path.dirname(input.logFile), { recursive: true });
  const log = createWriteStream(input.logFile);
  server.stdout.on("data", (chunk) => ((output += chunk), log.write(chunk)));
  server.stderr.on("data", (chunk) => ((output += chunk), log.write(chunk)));

  // Ready when Next says so; fail fast with its output if it exits first.
  await new Promise<void>((resolve, reject) => {
    const onData = () => output.includes("Ready on") && resolve();
    server.stdout.on("data", onData);
    server.once("exit", (code) => reject(new Error(`the web server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://localhost:${port}`,
    stop: async () => {
      server.kill("SIGTERM");
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
      log.end();
    },
  };
}

// npm start: everything in one command. Validates configuration, builds the web app when needed,
// migrates the database, seeds the demo data into an empty one, then runs the web app and every
// daemon under daemons/ as supervised child processes. Ctrl-C stops them all.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../lib/env.ts";
import { isAppError } from "../lib/errors.ts";
import { configuredDatabaseTarget } from "../lib/database-url.ts";
import { openDb } from "../lib/db.ts";
import { seedDemo, DEMO_MAILBOXES } from "../lib/demo/seed-demo.ts";
import { seedDemoMail } from "../lib/demo/seed-demo-mail.ts";
import { createFsBlobStore } from "../lib/blobs/fs-blob-store.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../lib/store/store-deps.ts";
import { ensureAuthSecret } from "../lib/runtime/ensure-auth-secret.ts";
import { ensureTlsCertificate } from "../lib/runtime/ensure-tls-certificate.ts";
import { applyMigrations } from "./migrate.ts";
import { assertPortsFree, type NamedPort } from "./start/ports.ts";
import { buildIfNeeded } from "./start/build-if-needed.ts";
import { superviseProcesses, type ProcessSpec } from "./start/supervisor.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const isDev = process.argv.includes("--dev");

const COLOURS = [36, 35, 33, 32, 34, 31];
const colourOf = new Map<string, number>();
function log(source: string, line: string) {
  if (!colourOf.has(source)) colourOf.set(source, COLOURS[colourOf.size % COLOURS.length]!);
  const prefix = process.stdout.isTTY ? `\x1b[${colourOf.get(source)}m${source.padEnd(10)}\x1b[0m` : source.padEnd(10);
  console.log(`${prefix}| ${line}`);
}

/** The ports each daemon listens on; a daemon folder without an entry here listens on none of ours. */
function daemonPorts(name: string, config: Config): NamedPort[] {
  const p = config.ports;
  const table: Record<string, NamedPort[]> = {
    smtp: [{ name: "SMTP MX", port: p.smtp }, { name: "submission", port: p.submission }, { name: "SMTPS", port: p.smtps }],
    imap: [{ name: "IMAP", port: p.imap }, { name: "IMAPS", port: p.imaps }],
    pop3: [{ name: "POP3", port: p.pop3 }, { name: "POP3S", port: p.pop3s }],
    ldap: [{ name: "LDAP", port: p.ldap }, { name: "LDAPS", port: p.ldaps }],
  };
  return table[name] ?? [];
}

function registeredDaemons(): string[] {
  const dir = path.join(root, "daemons");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(path.join(dir, name, "main.ts"))).sort();
}

async function main() {
  // Variables already in the environment win over .env, as with Next.js.
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const config = loadConfig();
  const daemons = registeredDaemons();
  await assertPortsFree([{ name: "web", port: config.ports.web }, ...daemons.flatMap((name) => daemonPorts(name, config))]);

  const dataDir = path.resolve(root, config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const authSecret = ensureAuthSecret(config);
  const tls = await ensureTlsCertificate(config);

  if (!isDev) buildIfNeeded(root, (line) => log("start", line));

  const target = configuredDatabaseTarget({ ...process.env, DATA_DIR: dataDir });
  log("start", `database: ${target.provider === "sqlite" ? target.file : "PostgreSQL (DATABASE_URL)"}`);
  await applyMigrations(target);
  if (config.mode === "development") {
    const db = await openDb(target);
    const { created } = await seedDemo(db, { password: config.demoPassword });
    // Mail only on the first start, for a directory just made (seedDemoMail adds, never replaces).
    const messages = created ? await seedDemoMail({ db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES }) : 0;
    await db.$disconnect();
    if (created) log("start", `demo data created, with ${messages} messages`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: target.url,
    AUTH_SECRET: authSecret,
    TLS_CERT_PATH: tls.certPath,
    TLS_KEY_PATH: tls.keyPath,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const specs: ProcessSpec[] = [
    { name: "web", command: process.execPath, args: ["--import", "tsx", path.join(root, "server.ts"), ...(isDev ? ["--dev"] : [])], env: { ...env, NODE_ENV: isDev ? "development" : "production" } },
    ...daemons.map((name) => ({ name, command: process.execPath, args: ["--import", "tsx", path.join(root, "daemons", name, "main.ts")], env })),
  ];
  const supervisor = superviseProcesses(specs, { log });

  const url = `http://localhost:${config.ports.web}`;
  log("start", `Mailwright is starting: ${url}`);
  if (config.mode === "development") {
    log("start", `sign in as ${DEMO_MAILBOXES.map((m) => m.address).join(", ")}`);
    log("start", `password: ${config.demoPassword === "mailwright-demo" ? "mailwright-demo" : "(DEMO_PASSWORD)"}`);
  }

  let isShuttingDown = false;
  const shutdown = async (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log("start", `${signal}: stopping…`);
    await supervisor.stop();
    log("start", "stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = isAppError(error) || error instanceof Error ? error.message : String(error);
  console.error(`\nMailwright did not start: ${message}`);
  process.exit(1);
});

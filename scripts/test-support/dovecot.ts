// Runs Debian's Dovecot as a child process with its own config in a temporary directory: the
// reference IMAP/POP3 server our daemons are compared with in tests and benchmarks. The system
// Dovecot (its /etc config, its service, /var/lib/dovecot) is never used or touched.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { findFreePort } from "../start/ports.ts";
import { stopProcessGroup } from "./stop-process-group.ts";

export const DOVECOT_PATH = "/usr/sbin/dovecot";

/** A mail account; neither field may hold ":" or a line break (the passwd-file format). */
export type DovecotUser = { name: string; password: string };

export type DovecotOptions = {
  /** Accounts with plaintext passwords; one "test" user when not given. */
  users?: DovecotUser[];
  readyTimeoutMs?: number;
  /** Sync mail to disk as a production Dovecot does (mail_fsync=optimized, for benchmarks); tests need no durability. */
  isDurable?: boolean;
};

export type LocalDovecot = {
  host: string;
  imapPort: number;
  pop3Port: number;
  users: DovecotUser[];
  /** The temporary directory with the config, the log (dovecot.log) and the mail. */
  directory: string;
  /** Stops Dovecot (SIGTERM to its process group, SIGKILL if that is not enough) and removes the directory. */
  close(): Promise<void>;
};

const DEFAULT_USERS: DovecotUser[] = [{ name: "test", password: "test-password" }];
const DEFAULT_READY_TIMEOUT_MS = 20_000;
const GREETING_TIMEOUT_MS = 2000;
const CONNECT_RETRY_MS = 50;

/**
 * Starts Dovecot on 127.0.0.1 and resolves once the IMAP port sends its greeting. As root, Dovecot
 * needs unprivileged users for its login and internal processes and refuses to store mail as root,
 * so it uses Debian's `dovenull` and `dovecot` accounts; as anyone else it runs entirely as that user.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<LocalDovecot> {
  const host = "127.0.0.1";
  const users = options.users ?? DEFAULT_USERS;
  const imapPort = await findFreePort();
  let pop3Port = await findFreePort();
  // the OS may hand out a port again once findFreePort has let go of it
  while (pop3Port === imapPort) pop3Port = await findFreePort();
  const directory = mkdtempSync(path.join(tmpdir(), "mailwright-dovecot-"));
  // the unprivileged processes must reach the config, the sockets and the mail below this directory
  chmodSync(directory, 0o755);
  const mailRoot = path.join(directory, "mail");
  mkdirSync(mailRoot, { mode: 0o777 });
  chmodSync(mailRoot, 0o777); // mkdir's mode is cut by the umask
  const passwdFile = path.join(directory, "passwd");
  // passwd-file: user:{scheme}password; the userdb below gives uid, gid and home to all alike
  writeFileSync(passwdFile, users.map((user) => `${user.name}:{PLAIN}${user.password}\n`).join(""), { mode: 0o644 });
  const configFile = path.join(directory, "dovecot.conf");
  writeFileSync(configFile, buildConfig({ directory, mailRoot, passwdFile, host, imapPort, pop3Port, isDurable: options.isDurable ?? false }));

  // its own process group (detached), so close() reaches every process Dovecot forks
  // TZ: Dovecot writes INTERNALDATE in its local zone; UTC, as our server writes it, keeps transcripts comparable
  const child = spawn(DOVECOT_PATH, ["-F", "-c", configFile], { detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, TZ: "UTC" } });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const spawnFailed = new Promise<Error>((resolve) => child.once("error", resolve));
  const close = async () => {
    await stopProcessGroup(child, exited);
    rmSync(directory, { recursive: true, force: true });
  };
  const fail = async (problem: string) => {
    const log = readLog(directory);
    await close();
    return new Error(`Dovecot did not start (${DOVECOT_PATH} -F -c ${configFile}): ${problem}\n${(stderr + log).trim() || "(no output)"}`);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  for (;;) {
    const attempt = readGreeting(host, imapPort).then(() => "greeted" as const, () => "no answer" as const);
    const outcome = await Promise.race([attempt, exited, spawnFailed]);
    if (outcome === "greeted") return { host, imapPort, pop3Port, users, directory, close };
    if (outcome instanceof Error) throw await fail(`${outcome.message}; install the Debian packages dovecot-imapd and dovecot-pop3d`);
    if (outcome !== "no answer") throw await fail(`it exited with ${outcome.signal ?? `code ${outcome.code}`}`);
    if (Date.now() > deadline) throw await fail(`no IMAP greeting within ${options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS} ms`);
    // pacing between connection attempts while Dovecot binds its listeners; readiness itself is the greeting
    await delay(CONNECT_RETRY_MS);
  }
}

type ConfigPlaces = { directory: string; mailRoot: string; passwdFile: string; host: string; imapPort: number; pop3Port: number; isDurable: boolean };

function buildConfig(places: ConfigPlaces): string {
  const isRoot = process.getuid?.() === 0;
  // Rootless Dovecot cannot switch users or chroot the login processes: everything runs as us.
  const self = userInfo().username;
  const accounts = isRoot ? { internal: "dovecot", login: "dovenull", group: "dovecot" } : { internal: self, login: self, group: userGroup() };
  const loginChroot = isRoot ? "" : "\n  chroot =";
  return `# Written by scripts/test-support/dovecot.ts for one test run.
base_dir = ${places.directory}/run
state_dir = ${places.directory}/state
instance_name = mailwright-test-${path.basename(places.directory)}
log_path = ${places.directory}/dovecot.log
info_log_path = ${places.directory}/dovecot.log
protocols = imap pop3
listen = ${places.host}
ssl = no
# loopback only: plaintext LOGIN and USER/PASS are what the tests use
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${accounts.internal}
default_internal_group = ${accounts.group}
default_login_user = ${accounts.login}
passdb {
  driver = passwd-file
  args = ${places.passwdFile}
}
userdb {
  driver = static
  args = uid=${accounts.internal} gid=${accounts.group} home=${places.mailRoot}/%u
}
mail_location = maildir:~/Maildir
# Debian's dovecot user has a system uid, below the default first_valid_uid of 500
first_valid_uid = 1
first_valid_gid = 1
# test mail needs no durability, and fsync dominates APPEND time; a benchmark syncs as production does
mail_fsync = ${places.isDurable ? "optimized" : "never"}
service imap-login {
  inet_listener imap {
    address = ${places.host}
    port = ${places.imapPort}
  }
  inet_listener imaps {
    port = 0
  }${loginChroot}
}
service pop3-login {
  inet_listener pop3 {
    address = ${places.host}
    port = ${places.pop3Port}
  }
  inet_listener pop3s {
    port = 0
  }${loginChroot}
}
service anvil {${loginChroot}
}
`;
}

/** The primary group of the current (non-root) user, by name as Dovecot wants it. */
function userGroup(): string {
  const gid = process.getgid?.();
  const line = readFileSync("/etc/group", "utf8").split("\n").find((entry) => entry.split(":")[2] === String(gid));
  return line?.split(":")[0] ?? String(gid);
}

/** Resolves on the first line the server sends if it is an untagged OK; rejects otherwise. */
function readGreeting(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = "";
    socket.setTimeout(GREETING_TIMEOUT_MS, () => socket.destroy(new Error("no greeting")));
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (!received.includes("\n")) return;
      socket.destroy();
      if (received.startsWith("* OK")) resolve();
      else reject(new Error(`unexpected greeting ${JSON.stringify(received)}`));
    });
  });
}

function readLog(directory: string): string {
  try {
    return readFileSync(path.join(directory, "dovecot.log"), "utf8");
  } catch (error) {
    // no log yet: Dovecot failed before opening it, and stderr says why
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

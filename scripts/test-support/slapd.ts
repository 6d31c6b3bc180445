// Runs Debian's OpenLDAP slapd as a child process with its own config and mdb database in a
// temporary directory: the reference LDAP server the LDAP daemon is benchmarked against. The
// system slapd (its /etc/ldap/slapd.d, its service, /var/lib/ldap) is never used or touched.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { findFreePort } from "../start/ports.ts";
import { stopProcessGroup } from "./stop-process-group.ts";

export const SLAPD_PATH = "/usr/sbin/slapd";
export const SLAPADD_PATH = "/usr/sbin/slapadd";

/** An entry to load: its DN and attributes (objectClass included). */
export type SlapdEntry = { dn: string; attributes: Record<string, string[]> };

export type LocalSlapd = { host: string; port: number; url: string; directory: string; close(): Promise<void> };

const READY_TIMEOUT_MS = 20_000;
const CONNECT_RETRY_MS = 50;

/**
 * Starts slapd on a free loopback port with `entries` loaded by slapadd (suffix entry included
 * by the caller), indexed as a tuned address-book server would be: equality and substring on the
 * names and addresses clients search. Anyone may read (the default ACL); binds use userPassword.
 */
export async function startSlapd(input: { suffix: string; entries: SlapdEntry[] }): Promise<LocalSlapd> {
  const directory = mkdtempSync(path.join(tmpdir(), "mailwright-slapd-"));
  mkdirSync(path.join(directory, "db"));
  const config = path.join(directory, "slapd.conf");
  writeFileSync(
    config,
    [
      "include /etc/ldap/schema/core.schema",
      "include /etc/ldap/schema/cosine.schema",
      "include /etc/ldap/schema/inetorgperson.schema",
      `pidfile ${directory}/slapd.pid`,
      `argsfile ${directory}/slapd.args`,
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      "sizelimit unlimited",
      "database mdb",
      "maxsize 1073741824",
      `suffix "${input.suffix}"`,
      `directory ${directory}/db`,
      "index objectClass eq",
      "index cn,sn,mail,givenName,displayName eq,sub",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(directory, "data.ldif"), input.entries.map(toLdif).join("\n"));
  await run(SLAPADD_PATH, ["-q", "-f", config, "-l", path.join(directory, "data.ldif")]);

  const port = await findFreePort();
  const url = `ldap://127.0.0.1:${port}/`;
  const child = spawn(SLAPD_PATH, ["-h", url, "-f", config, "-d", "0"], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const close = async () => {
    await stopProcessGroup(child, exited);
    rmSync(directory, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`slapd did not start: ${stderr.slice(-2000)}`);
    }
    await delay(CONNECT_RETRY_MS);
  }
  return { host: "127.0.0.1", port, url, directory, close };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => (error ? reject(new Error(`${path.basename(file)} failed: ${stderr}`)) : resolve()));
  });
}

/** One LDIF record (RFC 2849): values that are not plain printable ASCII go base64. */
export function toLdif(entry: SlapdEntry): string {
  const line = (name: string, value: string) => (/^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(" ") ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`);
  const lines = [line("dn", entry.dn)];
  for (const [name, values] of Object.entries(entry.attributes)) for (const value of values) lines.push(line(name, value));
  return `${lines.join("\n")}\n`;
}

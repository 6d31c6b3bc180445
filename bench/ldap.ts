// npm run bench:ldap — our LDAP daemon against OpenLDAP slapd (issue 9: LDAP):
//   ours / reference      searches per second on one persistent connection, our daemon (SQLite)
//                         and slapd (Debian, mdb, indexed eq,sub on cn, sn, mail, givenName,
//                         displayName), each for BENCH_SECONDS (10) after a warm-up;
//   ours_4 / reference_4  the same with four connections at once (aggregate rate);
//   ratio                 ours / reference on one connection.
// Both hold the same 5,000 contact entries (BENCH_CONTACTS), made by the daemon's own mapping
// (daemons/ldap/contact-attributes.ts); slapd's copies carry extensibleObject in place of the
// Mozilla object class (its schema is not in Debian's slapd), nothing else differs. Each search is
// Thunderbird's autocomplete filter, (&(mail=*)(|(cn=P*)(mail=P*)(sn=P*)(givenName=P*))), sub
// scope from the book, size limit 100, for one of 16 typed prefixes (1 to 26 matches each), with
// the attributes Thunderbird's card needs. Every connection binds first; both servers are plain
// LDAP on loopback (a bind in clear is allowed from loopback, and slapd has no TLS here). The client
// is a minimal BER client in this file, one request in flight per connection, so that neither
// server waits on a heavy client. Our daemon runs as its own process (this file, "serve").
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of our daemon there.
// The last line is a JSON summary. Not a test: nothing here fails on a slow figure.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { openDb, getDb } from "../lib/db.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { hashPassword } from "../lib/auth/password.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { ensureAccountBook, ensurePersonalBook } from "../lib/addressbook/ensure-books.ts";
import { loadLdapContacts } from "../lib/addressbook/ldap-books.ts";
import { ensureTlsCertificate, readTlsFiles } from "../lib/runtime/ensure-tls-certificate.ts";
import { createScratchDatabase } from "../scripts/test-support/scratch-database.ts";
import { insertSyntheticContacts } from "../scripts/test-support/ldap-contacts.ts";
import { startSlapd, type SlapdEntry } from "../scripts/test-support/slapd.ts";
import { createLdapServer } from "../daemons/ldap/ldap-server.ts";
import { contactAttributes } from "../daemons/ldap/contact-attributes.ts";
import { contactDnOf } from "../daemons/ldap/directory-names.ts";
import { encodeInteger, encodeString, tlv, tlvOf, TAG } from "../daemons/ldap/ber.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5000);
const SUFFIX = "dc=mailwright,dc=test";
const ACCOUNT = "bench";
const ADDRESS = "reader@bench.test";
const LDAP_PASSWORD = "bench-ldap-password";
const BOOK_DN = `ou=${ACCOUNT},ou=ab,${SUFFIX}`;
const PREFIXES = ["bercal", "dorfen", "garhol", "kinlun", "mornes", "polros", "statur", "velwen", "anna b", "kira d", "hugo g", "zoe ca", "ines.b", "luca.c", "mara k", "tara l"];
const ATTRIBUTES = ["cn", "mail", "givenName", "sn", "mozillaNickname", "o", "telephoneNumber", "mobile", "title"];

type Target = { port: number; bindDn: string; password: string };

async function main() {
  if (process.argv[2] === "serve") return serve();
  const scratch = await createScratchDatabase("sqlite");
  const db = await openDb(scratch.target);
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: ACCOUNT, displayName: "Bench" });
  await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "bench.test" });
  const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: ADDRESS, password: "bench-mail-password" });
  await db.mailbox.update({ where: { id: mailbox.id }, data: { ldapPasswordHash: await hashPassword(LDAP_PASSWORD) } });
  await ensurePersonalBook(db, { actor: SYSTEM_ACTOR, mailboxId: mailbox.id });
  const book = await ensureAccountBook(db, { actor: SYSTEM_ACTOR, accountId: account.id });
  await insertSyntheticContacts(db, book.id, CONTACTS, "bench.test");
  const entries = await slapdEntries(db, book.id);
  await db.$disconnect();

  const slapd = await startSlapd({ suffix: SUFFIX, entries });
  const daemon = await startDaemon(scratch.target.url);
  try {
    const ours: Target = { port: daemon.port, bindDn: `cn=${ADDRESS},ou=auth,${SUFFIX}`, password: LDAP_PASSWORD };
    const reference: Target = { port: slapd.port, bindDn: `cn=${ADDRESS},ou=auth,${SUFFIX}`, password: LDAP_PASSWORD };
    // Both answer the same searches with the same entries before anything is timed.
    for (const prefix of PREFIXES) {
      const [a, b] = [await countEntries(ours, prefix), await countEntries(reference, prefix)];
      if (a !== b) throw new Error(`"${prefix}": our daemon found ${a} entries, slapd ${b}`);
    }
    const result = {
      bench: "ldap",
      unit: "search/s",
      ours: await measure(ours, 1),
      reference: await measure(reference, 1),
      ratio: 0,
      ours_4: await measure(ours, 4),
      reference_4: await measure(reference, 4),
    };
    result.ratio = Math.round((result.ours / result.reference) * 100) / 100;
    console.log(`one connection: ours ${result.ours}/s, slapd ${result.reference}/s (ratio ${result.ratio}); four: ours ${result.ours_4}/s, slapd ${result.reference_4}/s`);
    console.log(JSON.stringify(result));
  } finally {
    await daemon.stop();
    await slapd.close();
    await scratch.drop();
  }
}

/** The same entries as our daemon serves, shaped for slapd's stock schema. */
async function slapdEntries(db: Awaited<ReturnType<typeof getDb>>, bookId: string): Promise<SlapdEntry[]> {
  const contacts = await loadLdapContacts(db, bookId);
  const containers: SlapdEntry[] = [
    { dn: SUFFIX, attributes: { objectClass: ["top", "dcObject", "organization"], dc: ["mailwright"], o: [SUFFIX] } },
    { dn: `ou=auth,${SUFFIX}`, attributes: { objectClass: ["top", "organizationalUnit"], ou: ["auth"] } },
    { dn: `cn=${ADDRESS},ou=auth,${SUFFIX}`, attributes: { objectClass: ["top", "person"], cn: [ADDRESS], sn: ["reader"], userPassword: [LDAP_PASSWORD] } },
    { dn: `ou=ab,${SUFFIX}`, attributes: { objectClass: ["top", "organizationalUnit"], ou: ["ab"] } },
    { dn: BOOK_DN, attributes: { objectClass: ["top", "organizationalUnit"], ou: [ACCOUNT] } },
  ];
  return [
    ...containers,
    ...contacts.map((contact) => {
      const attributes = contactAttributes(contact);
      attributes.objectClass = attributes.objectClass!.map((name) => (name === "mozillaAbPersonAlpha" ? "extensibleObject" : name));
      for (const name of Object.keys(attributes)) if (/^(mozilla|birth)/i.test(name)) delete attributes[name];
      return { dn: contactDnOf(contact.id, BOOK_DN), attributes };
    }),
  ];
}

/** Runs our daemon in this process: `tsx bench/ldap.ts serve`, DATABASE_URL set; prints its port. */
async function serve() {
  const db = await getDb();
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-ldap-"));
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "localhost", tls: undefined }));
  const server = createLdapServer({ db, suffix: SUFFIX, tls, loginLimits: { maxFailures: 10, maxFailuresPerIp: 50, windowMs: 60_000, lockMs: 60_000 } });
  const { port } = await server.listen(0, "127.0.0.1");
  console.log(`port ${port}`);
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

async function startDaemon(databaseUrl: string): Promise<{ port: number; stop(): Promise<void> }> {
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "--import", "tsx", path.join(import.meta.dirname, "ldap.ts"), "serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", () => reject(new Error(`our daemon exited: ${output}`)));
  });
  return {
    port,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

// --- A minimal LDAP client: prebuilt requests, one in flight, responses counted by their tags.

const require = createRequire(import.meta.url);
const { parseFilter } = require("ldapjs") as { parseFilter(text: string): { toBer(): { buffer: Buffer } } };

function bindRequest(messageId: number, dn: string, password: string): Buffer {
  const bind = tlvOf(0x60, [encodeInteger(3), encodeString(dn), tlv(0x80, Buffer.from(password, "utf8"))]);
  return tlvOf(TAG.sequence, [encodeInteger(messageId), bind]);
}

function searchRequest(messageId: number, prefix: string): Buffer {
  const filter = parseFilter(`(&(mail=*)(|(cn=${prefix}*)(mail=${prefix}*)(sn=${prefix}*)(givenName=${prefix}*)))`).toBer().buffer;
  const search = tlvOf(0x63, [
    encodeString(BOOK_DN),
    tlv(0x0a, Buffer.from([2])), // scope: wholeSubtree
    tlv(0x0a, Buffer.from([0])), // derefAliases: never
    encodeInteger(100), // sizeLimit, as Thunderbird's autocomplete
    encodeInteger(0),
    tlv(0x01, Buffer.from([0])), // typesOnly: false
    filter,
    tlvOf(TAG.sequence, ATTRIBUTES.map(encodeString)),
  ]);
  return tlvOf(TAG.sequence, [encodeInteger(messageId), search]);
}

const SEARCHES = PREFIXES.map((prefix) => searchRequest(2, prefix));

/** A connection that sends one request and resolves with the entries counted and the result code. */
class BenchConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private entries = 0;
  private waiting: ((result: { entries: number; code: number }) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  static async open(target: Target): Promise<BenchConnection> {
    const socket = connect(target.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const connection = new BenchConnection(socket);
    const bound = await connection.request(bindRequest(1, target.bindDn, target.password));
    if (bound.code !== 0) throw new Error(`bind refused with result ${bound.code}`);
    return connection;
  }

  request(bytes: Buffer): Promise<{ entries: number; code: number }> {
    this.entries = 0;
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const frame = frameLength(this.buffer);
      if (frame === null || this.buffer.length < frame.total) return;
      // Inside the LDAPMessage: the messageID (02 len id), then the operation's tag.
      const idLength = this.buffer[frame.header + 1]!;
      const opOffset = frame.header + 2 + idLength;
      const op = this.buffer[opOffset]!;
      if (op === 0x64) this.entries += 1;
      else if (op === 0x61 || op === 0x65) {
        const opHeader = frameLength(this.buffer.subarray(opOffset))!.header;
        const code = this.buffer[opOffset + opHeader + 2]!; // ENUMERATED 0a 01 <code>
        const done = this.waiting;
        this.waiting = null;
        done?.({ entries: this.entries, code });
      }
      this.buffer = this.buffer.subarray(frame.total);
    }
  }
}

function frameLength(buffer: Buffer): { header: number; total: number } | null {
  if (buffer.length < 2) return null;
  const first = buffer[1]!;
  if (first < 0x80) return { header: 2, total: 2 + first };
  const bytes = first & 0x7f;
  if (buffer.length < 2 + bytes) return null;
  let length = 0;
  for (let i = 0; i < bytes; i += 1) length = length * 256 + buffer[2 + i]!;
  return { header: 2 + bytes, total: 2 + bytes + length };
}

async function countEntries(target: Target, prefix: string): Promise<number> {
  const connection = await BenchConnection.open(target);
  const result = await connection.request(searchRequest(2, prefix));
  connection.close();
  if (result.code !== 0) throw new Error(`search "${prefix}" failed with result ${result.code}`);
  return result.entries;
}

/** Searches per second over `connections` connections, each looping through the prefixes. */
async function measure(target: Target, connections: number): Promise<number> {
  const opened = await Promise.all(Array.from({ length: connections }, () => BenchConnection.open(target)));
  const loop = async (connection: BenchConnection, until: number) => {
    let done = 0;
    for (let i = 0; Date.now() < until; i += 1) {
      await connection.request(SEARCHES[i % SEARCHES.length]!);
      done += 1;
    }
    return done;
  };
  await Promise.all(opened.map((connection) => loop(connection, Date.now() + 1000))); // warm-up
  const started = Date.now();
  const counts = await Promise.all(opened.map((connection) => loop(connection, started + SECONDS * 1000)));
  const elapsed = (Date.now() - started) / 1000;
  for (const connection of opened) connection.close();
  return Math.round(counts.reduce((a, b) => a + b, 0) / elapsed);
}

main().catch((error: unknown) => {
  console.error(`bench:ldap failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});

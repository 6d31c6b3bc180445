// The POP3 daemon's session rules, over raw connections: wire sizes, DELE only at QUIT, the
// one-session-per-mailbox lock, pipelining, logins and lockouts, STLS, timeouts and hostile input.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { connectRawPop3, startTestPop3ForFile, type Pop3User, type RawPop3, type TestPop3 } from "../../scripts/test-support/pop3-fixtures.ts";
import { sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { listChangesSince } from "../../lib/store/read-message.ts";

const run = promisify(execFile);
let pop3: TestPop3;
startTestPop3ForFile((started) => (pop3 = started));

const threeMessages = () => [
  Buffer.from("From: a@example.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n"),
  sampleMessage({ subject: "second", body: "two" }),
  sampleMessage({ subject: "third", body: "three" }),
];

/** Connects and logs in with USER/PASS. */
async function logIn(user: Pop3User, port = pop3.port): Promise<RawPop3> {
  const client = await connectRawPop3(port);
  client.send(`USER ${user.address}\r\nPASS ${user.password}\r\n`);
  await client.waitFor(/^(\+OK Logged in|-ERR).*\r\n/m);
  return client;
}

/** Resolves once `condition` holds, checking after each turn of the event loop; fails after `ms`. */
async function waitUntil(condition: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The lines received after the greeting. */
const replies = (client: RawPop3) => client.heard().split("\r\n").slice(1);

describe("POP3 maildrop", () => {
  it("sends LIST's size in exactly the bytes RETR sends (CRLF, dot-stuffed), and TOP the header and n lines", async () => {
    const user = await pop3.newUser(threeMessages());
    const client = await logIn(user);
    client.send("LIST 1\r\nRETR 1\r\nTOP 1 1\r\nQUIT\r\n");
    const heard = await client.waitFor(/\+OK Bye.*\r\n/);
    const size = Number(/\+OK 1 (\d+)\r\n/.exec(heard)![1]);
    const retrStart = heard.indexOf("\r\n", heard.indexOf("+OK", heard.indexOf("+OK 1 ") + 1)) + 2;
    const payload = heard.slice(retrStart, heard.indexOf("\r\n.\r\n", retrStart) + 2);
    expect(payload).toBe("From: a@example.test\r\nSubject: dots\r\n\r\n..leading dot\r\n...two dots\r\n..\r\nend\r\n");
    expect(size).toBe(Buffer.byteLength(payload, "latin1"));
    expect(heard).toContain("+OK Top of message follows\r\nFrom: a@example.test\r\nSubject: dots\r\n\r\n..leading dot\r\n.\r\n");
  });

  it("deletes nothing when the connection drops before QUIT, and releases the lock at once", async () => {
    const user = await pop3.newUser(threeMessages());
    const first = await logIn(user);
    first.send("DELE 1\r\nDELE 2\r\n");
    await first.waitFor(/Message 2 deleted\r\n/);
    first.destroy();
    await first.closed;
    // The server releases the lock once it has seen the connection close; then the next session gets in.
    await waitUntil(async () => (await pop3.db.pop3Lock.count({ where: { mailboxId: user.mailboxId } })) === 0);
    const second = await logIn(user);
    second.send("STAT\r\nQUIT\r\n");
    await second.waitFor(/\+OK Bye/);
    expect(second.heard()).toMatch(/\+OK 3 \d+\r\n/);
    expect(await pop3.db.message.count({ where: { mailboxId: user.mailboxId } })).toBe(3);
  });

  it("applies DELE at QUIT as an expunge through the store, marks retrieved mail \\Seen, and keeps UIDLs across a restart", async () => {
    const user = await pop3.newUser(threeMessages());
    const first = await logIn(user);
    first.send("UIDL\r\nDELE 2\r\nLIST 2\r\nUIDL 2\r\nRETR 3\r\nRSET\r\nDELE 1\r\nSTAT\r\nQUIT\r\n");
    const heard = await first.waitFor(/\+OK Bye, 1 messages deleted\r\n/);
    expect(heard).toMatch(/-ERR Message 2 is already deleted\r\n-ERR Message 2 is already deleted\r\n/);
    expect(heard).toMatch(/\+OK 2 \d+\r\n\+OK Bye/); // STAT after RSET and DELE 1
    const uidls = /\+OK Unique ids follow\r\n([\s\S]*?)\r\n\.\r\n/.exec(heard)![1]!.split("\r\n").map((line) => line.split(" ")[1]);
    const left = await pop3.db.message.findMany({ where: { mailboxId: user.mailboxId }, orderBy: { uid: "asc" }, select: { uid: true, isSeen: true } });
    expect(left).toEqual([
      { uid: 2, isSeen: false },
      { uid: 3, isSeen: true },
    ]);
    // IMAP sessions learn of it from the change feed, as they do of their own EXPUNGEs (QRESYNC's VANISHED).
    const changes = await listChangesSince(pop3.store, { mailboxId: user.mailboxId, folder: "INBOX", modseq: 0n });
    expect(changes.vanished).toEqual([1]);

    const restarted = await pop3.startServer();
    try {
      const second = await logIn(user, restarted.port);
      second.send("UIDL\r\nQUIT\r\n");
      const again = await second.waitFor(/\+OK Bye/);
      const after = /\+OK Unique ids follow\r\n([\s\S]*?)\r\n\.\r\n/.exec(again)![1]!.split("\r\n").map((line) => line.split(" ")[1]);
      expect(after).toEqual(uidls.slice(1));
    } finally {
      await restarted.server.close();
    }
  });

  it("gives a second session -ERR [IN-USE], on this daemon and another, until the first quits; a stale lock is taken over", async () => {
    const user = await pop3.newUser(threeMessages());
    const first = await logIn(user);
    const other = await pop3.startServer();
    try {
      const second = await logIn(user);
      expect(second.heard()).toMatch(/^-ERR \[IN-USE\] /m);
      const third = await logIn(user, other.port);
      expect(third.heard()).toMatch(/^-ERR \[IN-USE\] /m);
      first.send("QUIT\r\n");
      await first.closed;
      second.send(`USER ${user.address}\r\nPASS ${user.password}\r\n`);
      await second.waitFor(/\+OK Logged in, 3 messages/);
      second.destroy();
    } finally {
      await other.server.close();
    }
    // A crashed daemon's row: its heartbeat is old, so it no longer counts.
    const crashed = await pop3.newUser(threeMessages());
    await pop3.db.pop3Lock.create({ data: { mailboxId: crashed.mailboxId, holder: "dead-host:1:x", heartbeatAt: new Date(Date.now() - 60 * 60_000) } });
    const taker = await logIn(crashed);
    expect(taker.heard()).toMatch(/\+OK Logged in/);
    expect((await pop3.db.pop3Lock.findUnique({ where: { mailboxId: crashed.mailboxId } }))?.holder).not.toBe("dead-host:1:x");
    taker.send("QUIT\r\n");
    await taker.closed;
    expect(await pop3.db.pop3Lock.count({ where: { mailboxId: crashed.mailboxId } })).toBe(0);
  });

  it("keeps the lock's heartbeat going while the session lives, and deletes nothing once the lock was taken over", async () => {
    const beating = await pop3.startServer({ lockHeartbeatMs: 20 });
    try {
      const user = await pop3.newUser(threeMessages());
      const client = await logIn(user, beating.port);
      const heartbeat = async () => (await pop3.db.pop3Lock.findUniqueOrThrow({ where: { mailboxId: user.mailboxId } })).heartbeatAt.getTime();
      const first = await heartbeat();
      await waitUntil(async () => (await heartbeat()) > first);
      // This daemon stalled past the stale time, as far as the others know, and one of them took over.
      client.send("DELE 1\r\n");
      await client.waitFor(/Message 1 deleted/);
      await pop3.db.pop3Lock.update({ where: { mailboxId: user.mailboxId }, data: { holder: "other-host:1:x" } });
      client.send("QUIT\r\n");
      await client.closed;
      expect(client.heard()).toMatch(/-ERR \[SYS\/TEMP\] Lost the maildrop lock; nothing was deleted\r\n$/);
      expect(await pop3.db.message.count({ where: { mailboxId: user.mailboxId } })).toBe(3);
      expect((await pop3.db.pop3Lock.findUnique({ where: { mailboxId: user.mailboxId } }))?.holder).toBe("other-host:1:x");
    } finally {
      await beating.server.close();
    }
  });

  it("answers pipelined commands in order, a thousand in one packet too", async () => {
    const user = await pop3.newUser(threeMessages());
    const client = await connectRawPop3(pop3.port);
    client.send(`CAPA\r\nUSER ${user.address}\r\nPASS ${user.password}\r\nSTAT\r\nLIST\r\nUIDL 3\r\n${"NOOP\r\n".repeat(1000)}RETR 2\r\nQUIT\r\n`);
    const heard = await client.waitFor(/\+OK Bye.*\r\n/, 15_000);
    const statuses = heard.split("\r\n").filter((line) => /^[+-]/.test(line)).map((line) => line.split(" ")[0]);
    expect(statuses.length).toBe(1 + 1 + 1 + 1 + 1 + 1 + 1 + 1000 + 1 + 1);
    expect(statuses.every((s) => s === "+OK")).toBe(true);
    expect(heard).toMatch(/\+OK 3 \d+\r\n\+OK 3 messages\r\n1 \d+\r\n2 \d+\r\n3 \d+\r\n\.\r\n\+OK 3 \d+\.3\r\n\+OK\r\n/);
  });
});

describe("POP3 logins", () => {
  it("logs in with AUTH PLAIN, with an initial response and after a challenge, and refuses a wrong password with [AUTH]", async () => {
    const user = await pop3.newUser();
    const plain = (authzid: string) => Buffer.from(`${authzid}\u0000${user.address}\u0000${user.password}`).toString("base64");
    const a = await connectRawPop3(pop3.port);
    a.send(`AUTH PLAIN ${plain("")}\r\nQUIT\r\n`);
    expect(await a.waitFor(/Bye/)).toMatch(/^\+OK Logged in, 0 messages\r\n/m);
    const b = await connectRawPop3(pop3.port);
    b.send("AUTH PLAIN\r\n");
    await b.waitFor(/^\+ \r\n/m);
    b.send(`${plain(user.address)}\r\nQUIT\r\n`);
    expect(await b.waitFor(/Bye/)).toMatch(/^\+OK Logged in/m);
    const c = await connectRawPop3(pop3.port);
    c.send(`AUTH PLAIN\r\n*\r\nAUTH PLAIN ${plain("someone-else@example.test")}\r\nUSER ${user.address}\r\nPASS wrong\r\nSTAT\r\nQUIT\r\n`);
    const heard = await c.waitFor(/Bye/);
    expect(heard).toMatch(/-ERR Authentication cancelled\r\n-ERR Authorization identity differs/);
    expect(heard).toMatch(/-ERR \[AUTH\] Wrong address or password\.\r\n-ERR STAT is not valid before login/);
  });

  it("locks an address out after too many failures through lib/auth, even with the right password", async () => {
    const user = await pop3.newUser();
    const client = await connectRawPop3(pop3.port);
    client.send(`${`USER ${user.address}\r\nPASS nope\r\n`.repeat(10)}USER ${user.address}\r\nPASS ${user.password}\r\nQUIT\r\n`);
    const heard = await client.waitFor(/Bye/);
    const errors = heard.split("\r\n").filter((line) => line.startsWith("-ERR [AUTH]"));
    expect(errors.length).toBe(11);
    expect(errors.at(-1)).not.toMatch(/Wrong address or password/);
    expect(heard).not.toMatch(/Logged in/);
  });

  it("upgrades with STLS (Python's poplib), and drops commands sent before the handshake", async () => {
    const user = await pop3.newUser([sampleMessage({ subject: "tls" })]);
    const script = `
import poplib, ssl, sys
p = poplib.POP3("127.0.0.1", int(sys.argv[1]))
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p.stls(ctx)
print(sorted(p.capa()))
p.user(sys.argv[2]); p.pass_(sys.argv[3]); print(p.stat()); p.quit()`;
    const { stdout } = await run("python3", ["-c", script, String(pop3.port), user.address, user.password]);
    expect(stdout).toMatch(/\(1, \d+\)/);
    expect(stdout).not.toMatch(/STLS/);
    const client = await connectRawPop3(pop3.port);
    client.send("STLS\r\nCAPA\r\n");
    await client.waitFor(/\+OK Begin TLS negotiation\r\n/);
    client.destroy();
    expect(client.heard()).not.toMatch(/Capability list/);
  });

  it("refuses passwords in clear from a non-loopback address until STLS", async (context) => {
    const address = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!address) {
      console.log("skipped: this machine has no non-loopback IPv4 address to connect from");
      return context.skip();
    }
    const { port } = await pop3.listen(0, address);
    const user = await pop3.newUser();
    const client = await connectRawPop3(port, address);
    client.send(`CAPA\r\nUSER ${user.address}\r\nAUTH PLAIN ${Buffer.from(`\u0000${user.address}\u0000${user.password}`).toString("base64")}\r\nQUIT\r\n`);
    const heard = await client.waitFor(/Bye/);
    expect(heard).toMatch(/^STLS\r\n/m);
    expect(heard).not.toMatch(/^USER\r\n/m);
    expect(heard.match(/-ERR \[AUTH\] Plaintext authentication disallowed/g)?.length).toBe(2);
  });
});

describe("POP3 limits", () => {
  it("answers an over-long line with -ERR and carries on", async () => {
    const client = await connectRawPop3(pop3.port);
    client.send(`USER ${"x".repeat(100_000)}\r\nCAPA\r\nQUIT\r\n`);
    const heard = await client.waitFor(/Bye/);
    expect(replies(client)[0]).toBe("-ERR Line too long");
    expect(heard).toMatch(/Capability list follows/);
  });

  it("answers binary garbage with -ERR and closes after too many, and keeps serving others", async () => {
    const client = await connectRawPop3(pop3.port);
    const garbage = Buffer.concat(Array.from({ length: 40 }, () => Buffer.concat([randomBytes(200).map((b) => (b === 0x0a ? 0x00 : b)), Buffer.from("\r\n")])));
    client.send(Buffer.concat([garbage, randomBytes(300_000)]));
    await client.closed;
    const statuses = replies(client).filter((line) => line !== "");
    expect(statuses.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((line) => line.startsWith("-ERR"))).toBe(true);
    expect(statuses.at(-1)).toMatch(/Too many invalid commands/);
    const next = await connectRawPop3(pop3.port);
    next.send("QUIT\r\n");
    await next.waitFor(/\+OK Bye/);
  });

  it("ends a session whose command runs past the command timeout, and still releases the lock its login takes", async () => {
    // 1 ms: USER answers from memory at once; PASS verifies a new password with argon2, which takes longer.
    const quick = await pop3.startServer({ commandMs: 1 });
    try {
      const user = await pop3.newUser(threeMessages());
      const client = await connectRawPop3(quick.port);
      client.send(`USER ${user.address}\r\nPASS ${user.password}\r\n`);
      await client.closed;
      expect(replies(client).slice(0, 2)).toEqual(["+OK Send the password with PASS", "-ERR [SYS/TEMP] The command took too long; closing"]);
      // The login finishes in the background, takes the lock and lets go of it: a new session gets in
      // well before the lock could go stale (2 minutes).
      await waitUntil(async () => {
        const next = await logIn(user);
        next.destroy();
        return /\+OK Logged in/.test(next.heard());
      });
      await waitUntil(async () => (await pop3.db.pop3Lock.count({ where: { mailboxId: user.mailboxId } })) === 0);
    } finally {
      await quick.server.close();
    }
  });

  it("closes a session that stays silent past the idle timeout", async () => {
    const quick = await pop3.startServer({ authorizationIdleMs: 100, transactionIdleMs: 200 });
    try {
      const silent = await connectRawPop3(quick.port);
      await silent.closed;
      expect(silent.heard()).toMatch(/-ERR Autologout/);
      const user = await pop3.newUser(threeMessages());
      const loggedIn = await logIn(user, quick.port);
      await loggedIn.closed;
      expect(loggedIn.heard()).toMatch(/\+OK Logged in[\s\S]*-ERR Autologout/);
      expect(await pop3.db.message.count({ where: { mailboxId: user.mailboxId } })).toBe(3);
      const stalled = await connectRawPop3(quick.port);
      stalled.send("STLS\r\n"); // and never a handshake
      await stalled.closed;
      expect(stalled.heard()).toMatch(/\+OK Begin TLS negotiation\r\n/);
    } finally {
      await quick.server.close();
    }
  });
});

import { execFile } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ImapFlow } from "imapflow";
import { startTestImapForFile, type TestImap } from "../../scripts/test-support/imap-fixtures.ts";
import { sampleMessage } from "../../scripts/test-support/store-fixtures.ts";

const run = promisify(execFile);
let imap: TestImap;
startTestImapForFile((started) => (imap = started));

function client(user: { address: string; password: string }, options: { tls?: boolean } = {}) {
  return new ImapFlow({
    host: "127.0.0.1",
    port: options.tls ? imap.tlsPort : imap.port,
    secure: Boolean(options.tls),
    auth: { user: user.address, pass: user.password },
    logger: false,
    tls: { rejectUnauthorized: false }, // the test's self-signed certificate
    disableIMAP4rev2: true, // these tests speak IMAP4rev1; imap-rev2.test.ts has imapflow in IMAP4rev2
  });
}

/** Resolves with the first event of that name, or fails after `ms`. */
function nextEvent<T>(emitter: ImapFlow, name: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${ms} ms`)), ms);
    emitter.once(name, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

describe("IMAP with imapflow", () => {
  it("logs in over STARTTLS, lists the special-use folders, appends, fetches, flags, searches, copies, moves and expunges", async () => {
    const alice = client(imap.alice);
    await alice.connect();
    try {
      expect(alice.secureConnection).toBe(true); // imapflow upgraded with STARTTLS
      const folders = await alice.list();
      const bySpecialUse = Object.fromEntries(folders.filter((f) => f.specialUse).map((f) => [f.specialUse, f.path]));
      expect(bySpecialUse).toMatchObject({ "\\Sent": "Sent", "\\Drafts": "Drafts", "\\Trash": "Trash", "\\Junk": "Junk", "\\Archive": "Archive" });
      expect(folders.map((f) => f.path)).toContain("INBOX");

      const raws = [sampleMessage({ subject: "First", body: "one" }), sampleMessage({ subject: "=?utf-8?q?Gr=C3=BC=C3=9Fe?=", body: "two" }), sampleMessage({ subject: "Third", body: "three" })];
      const appended = [];
      for (const raw of raws) appended.push(await alice.append("INBOX", raw, ["$Label1"]));
      expect(appended.map((a) => (typeof a === "object" ? a.uid : null))).toEqual([1, 2, 3]);

      const inbox = await alice.mailboxOpen("INBOX");
      expect(inbox.exists).toBe(3);
      const fetched = [];
      for await (const message of alice.fetch("1:*", { uid: true, flags: true, envelope: true, source: true, size: true, bodyStructure: true })) fetched.push(message);
      expect(fetched.map((m) => m.envelope?.subject)).toEqual(["First", "Grüße", "Third"]);
      expect(fetched.map((m) => m.source?.equals(raws[m.seq - 1]!))).toEqual([true, true, true]);
      expect(fetched.map((m) => m.size)).toEqual(raws.map((r) => r.length));
      expect([...fetched[0]!.flags!]).toEqual(["$Label1", "\\Recent"]); // new to this session (IMAP4rev1)
      expect(fetched[0]!.bodyStructure?.type).toBe("text/plain");

      await alice.messageFlagsAdd("2", ["\\Seen", "\\Flagged"]);
      expect(await alice.search({ seen: false })).toEqual([1, 3]);
      expect(await alice.search({ flagged: true }, { uid: true })).toEqual([2]);
      expect(await alice.search({ body: "three" })).toEqual([3]);

      const copied = await alice.messageCopy("1", "Archive");
      expect(copied && copied.uidMap?.get(1)).toBe(1);
      const moved = await alice.messageMove("3", "Trash");
      expect(moved && moved.uidMap?.get(3)).toBe(1);
      expect(await alice.status("INBOX", { messages: true })).toMatchObject({ messages: 2 });
      expect(await alice.status("Trash", { messages: true, unseen: true })).toMatchObject({ messages: 1, unseen: 1 });

      await alice.messageDelete("1");
      const after = [];
      for await (const message of alice.fetch("1:*", { uid: true, envelope: true })) after.push(message.envelope?.subject);
      expect(after).toEqual(["Grüße"]);
    } finally {
      await alice.logout();
    }
  });

  it("tells a second, idling connection about new mail, flag changes and expunges", async () => {
    const watcher = client(imap.bob, { tls: true });
    const actor = client(imap.bob, { tls: true });
    await watcher.connect();
    await actor.connect();
    try {
      await watcher.mailboxOpen("INBOX");
      await actor.mailboxOpen("INBOX");
      const idling = watcher.idle();
      const exists = nextEvent<{ count: number }>(watcher, "exists");
      await actor.append("INBOX", sampleMessage({ subject: "While you idle" }));
      expect((await exists).count).toBe(1);

      const flags = nextEvent<{ uid?: number; flags: Set<string> }>(watcher, "flags");
      await actor.messageFlagsAdd("1", ["\\Flagged"]);
      expect([...(await flags).flags]).toContain("\\Flagged");

      const expunge = nextEvent<{ seq: number }>(watcher, "expunge");
      await actor.messageDelete("1");
      expect((await expunge).seq).toBe(1);
      void idling;
    } finally {
      await actor.logout();
      await watcher.logout();
    }
  });

  it("keeps each mailbox to itself under any spelling", async () => {
    const alice = client(imap.alice);
    await alice.connect();
    try {
      const bobFolders = [`../${imap.bob.address}/INBOX`, "#shared/INBOX", "../bob", "/INBOX/../../bob", "&AC4ALg-/bob"];
      for (const name of bobFolders) {
        await expect(alice.mailboxOpen(name)).rejects.toThrow();
        await expect(alice.status(name, { messages: true })).rejects.toThrow();
      }
      const listed = (await alice.list()).map((f) => f.path);
      expect(listed.some((p) => p.includes("bob"))).toBe(false);
    } finally {
      await alice.logout();
    }
  });
});

describe("IMAP with other clients", () => {
  it("serves Python's imaplib: LOGIN, SELECT, SEARCH, FETCH RFC822, STORE, EXPUNGE", async () => {
    const raw = sampleMessage({ subject: "For imaplib", body: "Hello, Python." });
    const writer = client(imap.alice);
    await writer.connect();
    await writer.mailboxCreate("Python");
    await writer.append("Python", raw);
    await writer.logout();
    const script = `
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", ${imap.port})
m.login(sys.argv[1], sys.argv[2])
typ, data = m.select("Python")
assert typ == "OK" and data[0] == b"1", data
typ, data = m.search(None, "SUBJECT", '"For imaplib"')
assert data[0] == b"1", data
typ, data = m.fetch("1", "(RFC822)")
sys.stdout.buffer.write(data[0][1])
m.store("1", "+FLAGS", "\\\\Deleted")
typ, data = m.expunge()
assert data[0] == b"1", data
m.logout()
`;
    const { stdout } = await run("python3", ["-c", script, imap.alice.address, imap.alice.password], { encoding: "buffer" });
    expect(stdout.equals(raw)).toBe(true);
  });

  it("serves curl over imap:// (STARTTLS) and imaps://", async () => {
    const raw = sampleMessage({ subject: "For curl" });
    const writer = client(imap.bob);
    await writer.connect();
    await writer.mailboxCreate("Curl");
    await writer.append("Curl", raw);
    await writer.logout();
    const credentials = `${imap.bob.address}:${imap.bob.password}`;
    const plain = await run("curl", ["-s", "--ssl-reqd", "-k", "-u", credentials, `imap://127.0.0.1:${imap.port}/Curl;UID=1`], { encoding: "buffer" });
    expect(plain.stdout.equals(raw)).toBe(true);
    const secure = await run("curl", ["-s", "-k", "-u", credentials, `imaps://127.0.0.1:${imap.tlsPort}/`]);
    expect(secure.stdout).toMatch(/\* LIST \([^)]*\) "\/" "?Curl"?/);
  });
});

describe("IMAP input limits", () => {
  /** A raw connection: returns everything the server sends until it closes, after writing `lines`. */
  async function rawDialogue(lines: (string | Buffer)[]): Promise<string> {
    const socket = net.connect(imap.port, "127.0.0.1");
    let heard = "";
    socket.on("data", (chunk) => (heard += chunk.toString("latin1")));
    await new Promise((resolve) => socket.once("connect", resolve));
    for (const line of lines) socket.write(line);
    await new Promise((resolve) => socket.once("close", resolve));
    return heard;
  }

  it("refuses a 4 GB literal before login at once, without reading it", async () => {
    const heard = await rawDialogue(["a1 LOGIN {4294967296+}\r\n"]);
    expect(heard).toMatch(/^\* BYE /m);
    const sync = await rawDialogue(["a1 LOGIN {4294967296}\r\n", "a2 LOGOUT\r\n"]);
    expect(sync).toMatch(/^a1 (NO|BAD) /m);
    expect(sync).not.toMatch(/^\+ /m);
    expect(sync).toMatch(/^a2 OK /m);
  });

  it("closes a connection that sends an endless line", async () => {
    const heard = await rawDialogue([`a1 NOOP ${"x".repeat(100_000)}`]);
    expect(heard).toMatch(/^\* BYE /m);
  });

  it("answers garbage with BAD, and closes after too many", async () => {
    const heard = await rawDialogue(Array.from({ length: 25 }, (_, i) => `t${i} \u0000\u00ff\u0001 garbage\r\n`));
    expect(heard.match(/^t\d+ BAD /gm)?.length).toBeGreaterThanOrEqual(19);
    expect(heard).toMatch(/^\* BYE Too many invalid commands/m);
  });

  it("refuses passwords in clear from a non-loopback address until STARTTLS", async (context) => {
    const address = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!address) {
      console.log("skipped: this machine has no non-loopback IPv4 address to connect from");
      return context.skip();
    }
    const { port } = await imap.listen(0, address);
    const socket = net.connect(port, address);
    let heard = "";
    socket.on("data", (chunk) => (heard += chunk.toString("latin1")));
    const waitFor = async (pattern: RegExp) => {
      while (!pattern.test(heard)) await new Promise((resolve) => socket.once("data", resolve));
    };
    await waitFor(/^\* OK /m);
    expect(heard).toMatch(/LOGINDISABLED/);
    expect(heard).not.toMatch(/AUTH=PLAIN/);
    socket.write(`a LOGIN "${imap.alice.address}" "${imap.alice.password}"\r\nb AUTHENTICATE PLAIN ${Buffer.from(`\u0000${imap.alice.address}\u0000${imap.alice.password}`).toString("base64")}\r\n`);
    await waitFor(/^b /m);
    expect(heard).toMatch(/^a NO \[PRIVACYREQUIRED\]/m);
    expect(heard).toMatch(/^b NO \[PRIVACYREQUIRED\]/m);
    socket.destroy();
  });
});

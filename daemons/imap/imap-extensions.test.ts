import { execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { connectRawImap, type RawImapClient } from "../../scripts/test-support/raw-imap-client.ts";
import { startTestImapForFile, type TestImap } from "../../scripts/test-support/imap-fixtures.ts";
import { sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { ingestMessage } from "../../lib/store/ingest-message.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";

const run = promisify(execFile);

// The extensions, on the wire: what the server sends, byte for byte where it matters.

let imap: TestImap;
startTestImapForFile((started) => (imap = started));

async function logIn(user: { address: string; password: string }): Promise<RawImapClient> {
  const client = await connectRawImap("127.0.0.1", imap.port);
  const answer = (await client.command([`LOGIN "${user.address}" "${user.password}"`])).toString();
  expect(answer).toMatch(/^t1 OK /m);
  return client;
}

async function send(client: RawImapClient, line: string | (string | Buffer)[]): Promise<string> {
  return (await client.command(typeof line === "string" ? [line] : line)).toString("latin1");
}

const deliver = (mailboxId: string, folder: string, raw: Buffer, flags: string[] = []) => ingestMessage(imap.store, { mailboxId, folder, raw, flags, source: "smtp" });

describe("IMAP extensions", () => {
  it("QUOTA: one root for the mailbox, storage in KiB, not settable", async () => {
    await deliver(imap.alice.mailboxId, "INBOX", sampleMessage({ body: "x".repeat(3000) }));
    const client = await logIn(imap.alice);
    const root = await send(client, "GETQUOTAROOT INBOX");
    expect(root).toMatch(/^\* QUOTAROOT INBOX ""\r\n/m);
    expect(root).toMatch(/^\* QUOTA "" \(STORAGE [1-9]\d* \d+\)\r\n/m);
    expect(await send(client, 'GETQUOTA ""')).toMatch(/^t\d+ OK /m);
    expect(await send(client, 'SETQUOTA "" (STORAGE 1)')).toMatch(/^t\d+ NO \[NOPERM\]/m);
    expect(await send(client, "GETQUOTAROOT Nonexistent")).toMatch(/^t\d+ NO \[NONEXISTENT\]/m);
    client.close();
  });

  it("SORT by date, subject and size, reversed and by UID", async () => {
    const { mailboxId } = imap.bob;
    await deliver(mailboxId, "INBOX", sampleMessage({ subject: "Re: banana", body: "a".repeat(10) }));
    await deliver(mailboxId, "INBOX", sampleMessage({ subject: "apple", body: "b".repeat(300) }));
    await deliver(mailboxId, "INBOX", sampleMessage({ subject: "Cherry", body: "c".repeat(100) }));
    const client = await logIn(imap.bob);
    await send(client, "SELECT INBOX");
    expect(await send(client, "SORT (SUBJECT) UTF-8 ALL")).toMatch(/^\* SORT 2 1 3\r\n/m); // base subjects: apple, banana, cherry
    expect(await send(client, "SORT (REVERSE SIZE) UTF-8 ALL")).toMatch(/^\* SORT 2 3 1\r\n/m);
    expect(await send(client, "UID SORT (SIZE) US-ASCII SUBJECT apple")).toMatch(/^\* SORT 2\r\n/m);
    expect(await send(client, "SORT (ARRIVAL) KOI8-R ALL")).toMatch(/^t\d+ NO \[BADCHARSET/m);
    client.close();
  });

  it("BINARY: a base64 part decoded, its size, and literal8 for bytes with NUL", async () => {
    const payload = Buffer.from([0, 1, 2, 255, 0, 42, 13, 10, 7]);
    const raw = Buffer.from(
      "From: a@example.test\r\nTo: b@example.test\r\nSubject: binary\r\nMIME-Version: 1.0\r\n" +
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n' +
        `--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${payload.toString("base64")}\r\n--b--\r\n`,
    );
    await deliver(imap.alice.mailboxId, "Archive", raw);
    const client = await logIn(imap.alice);
    await send(client, "SELECT Archive");
    const answer = await client.command(["FETCH 1 (BINARY.SIZE[2] BINARY.PEEK[2] BINARY.PEEK[1])"]);
    const text = answer.toString("latin1");
    expect(text).toContain(`BINARY.SIZE[2] ${payload.length}`);
    const start = answer.indexOf(`BINARY[2] ~{${payload.length}}\r\n`);
    expect(start).toBeGreaterThan(0);
    const bytes = answer.subarray(answer.indexOf("\r\n", start) + 2, answer.indexOf("\r\n", start) + 2 + payload.length);
    expect(bytes.equals(payload)).toBe(true);
    expect(text).toContain("BINARY[1] {5}\r\nhello");
    client.close();
  });

  it("UTF8=ACCEPT: folder names and quoted strings in UTF-8 once enabled", async () => {
    const client = await logIn(imap.alice);
    expect(await send(client, "CREATE &AMk-t&AOk-")).toMatch(/^t\d+ OK /m); // "Été" in modified UTF-7
    expect(await send(client, 'LIST "" "&AMk-t&AOk-"')).toContain('"/" &AMk-t&AOk-');
    expect(await send(client, "ENABLE UTF8=ACCEPT")).toMatch(/^\* ENABLED UTF8=ACCEPT\r\n/m);
    const listed = (await client.command([Buffer.from('LIST "" "Été"')])).toString("utf8");
    expect(listed).toMatch(/^\* LIST \([^)]*\) "\/" "?Été"?\r\n/m);
    // Atoms stay ASCII (RFC 9051 ATOM-CHAR); UTF-8 names travel quoted.
    expect((await client.command([Buffer.from("SELECT Été")])).toString("utf8")).toMatch(/^t\d+ BAD /m);
    expect((await client.command([Buffer.from('SELECT "Été"')])).toString("utf8")).toMatch(/^t\d+ OK \[READ-WRITE\]/m);
    client.close();
  });

  it("subscriptions outlive DELETE (RFC 9051 §6.3.7): \\NonExistent in LIST (SUBSCRIBED), \\Noselect in LSUB, until UNSUBSCRIBE", async () => {
    const client = await logIn(imap.bob);
    expect(await send(client, "CREATE Gone/Deeper")).toMatch(/^t\d+ OK /m);
    expect(await send(client, "UNSUBSCRIBE Gone")).toMatch(/^t\d+ OK /m);
    expect(await send(client, "DELETE Gone/Deeper")).toMatch(/^t\d+ OK /m);
    const subscribed = await send(client, 'LIST (SUBSCRIBED) "" "Gone*"');
    expect(subscribed).toMatch(/^\* LIST \(\\NonExistent \\Subscribed\) "\/" Gone\/Deeper\r\n/m);
    expect(subscribed).not.toMatch(/" Gone\r\n/); // unsubscribed, and still a folder
    expect(await send(client, 'LSUB "" "Gone/*"')).toMatch(/^\* LSUB \(\\Noselect\) "\/" Gone\/Deeper\r\n/m);
    // a plain LIST shows folders only
    const listed = await send(client, 'LIST "" "Gone*" RETURN (SUBSCRIBED)');
    expect(listed).toMatch(/^\* LIST \(\\HasNoChildren\) "\/" Gone\r\n/m);
    expect(listed).not.toMatch(/Deeper/);
    // created again, the name is subscribed as it was; UNSUBSCRIBE works with or without the folder
    expect(await send(client, "CREATE Gone/Deeper")).toMatch(/^t\d+ OK /m);
    expect(await send(client, 'LIST (SUBSCRIBED) "" "Gone/*"')).toMatch(/^\* LIST \(\\HasNoChildren \\Subscribed\) "\/" Gone\/Deeper\r\n/m);
    expect(await send(client, "DELETE Gone/Deeper")).toMatch(/^t\d+ OK /m);
    expect(await send(client, "UNSUBSCRIBE Gone/Deeper")).toMatch(/^t\d+ OK /m);
    expect(await send(client, 'LSUB "" "Gone*"')).not.toMatch(/^\* LSUB/m);
    expect(await send(client, "SUBSCRIBE Nowhere")).toMatch(/^t\d+ NO \[NONEXISTENT\]/m);
    client.close();
  });

  it("QRESYNC: VANISHED for expunges, and a SELECT that catches up from a MODSEQ", async () => {
    const { mailboxId } = imap.bob;
    const first = await deliver(mailboxId, "Drafts", sampleMessage({ subject: "one" }));
    await deliver(mailboxId, "Drafts", sampleMessage({ subject: "two" }));
    await deliver(mailboxId, "Drafts", sampleMessage({ subject: "three" }));
    const client = await logIn(imap.bob);
    expect(await send(client, "SELECT Drafts (QRESYNC (1 1))")).toMatch(/^t\d+ BAD /m); // not enabled yet
    expect(await send(client, "ENABLE QRESYNC")).toMatch(/^\* ENABLED QRESYNC\r\n/m);
    const selected = await send(client, "SELECT Drafts");
    const modseq = /HIGHESTMODSEQ (\d+)/.exec(selected)![1];
    await send(client, "STORE 1 +FLAGS (\\Flagged)");
    await send(client, "STORE 2 +FLAGS (\\Deleted)");
    expect(await send(client, "EXPUNGE")).toMatch(/^\* VANISHED 2\r\n/m);
    const again = await send(client, `SELECT Drafts (QRESYNC (${first.uidValidity} ${modseq} 1:3))`);
    expect(again).toMatch(/^\* OK \[CLOSED\]/m);
    expect(again).toMatch(/^\* VANISHED \(EARLIER\) 2\r\n/m);
    expect(again).toMatch(/^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)\r\n/m);
    expect(again).not.toMatch(/UID 3 FLAGS/); // unchanged since the MODSEQ
    const fetched = await send(client, `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`);
    expect(fetched).toMatch(/^\* VANISHED \(EARLIER\) 2\r\n/m);
    expect(fetched).toMatch(/^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)\r\n/m);
    // RFC 7162 §3.1.5: a search by MODSEQ answers the highest MODSEQ of what it returns; without one, none.
    const flaggedAt = /UID 1 FLAGS \(\\Flagged\) MODSEQ \((\d+)\)/.exec(fetched)![1];
    const after = BigInt(modseq!) + 1n; // MODSEQ n is "n or higher": UID 3 still has the selected HIGHESTMODSEQ
    expect(await send(client, `UID SEARCH MODSEQ ${after}`)).toMatch(new RegExp(`^\\* SEARCH 1 \\(MODSEQ ${flaggedAt}\\)\r\n`, "m"));
    expect(await send(client, `UID SEARCH RETURN (COUNT) MODSEQ ${after}`)).toMatch(new RegExp(`^\\* ESEARCH \\(TAG "t\\d+"\\) UID COUNT 1 MODSEQ ${flaggedAt}\r\n`, "m"));
    expect(await send(client, `UID SEARCH MODSEQ ${BigInt(flaggedAt) + 1n}`)).toMatch(/^\* SEARCH\r\n/m);
    expect(await send(client, "UID SEARCH ALL")).toMatch(/^\* SEARCH 1 3\r\n/m);
    client.close();
  });

  it("COMPRESS=DEFLATE: both directions compressed after the OK", async () => {
    const socket = net.connect(imap.port, "127.0.0.1");
    let plain = "";
    const onPlain = (chunk: Buffer) => (plain += chunk.toString("latin1"));
    socket.on("data", onPlain);
    const waitFor = async (read: () => string, pattern: RegExp) => {
      while (!pattern.test(read())) await new Promise((resolve) => socket.once("data", resolve));
    };
    socket.write(`a LOGIN "${imap.alice.address}" "${imap.alice.password}"\r\nb COMPRESS DEFLATE\r\n`);
    await waitFor(() => plain, /^b OK /m);
    socket.off("data", onPlain);
    const deflate = zlib.createDeflateRaw();
    const inflate = zlib.createInflateRaw();
    let unpacked = "";
    socket.on("data", (chunk: Buffer) => inflate.write(chunk));
    inflate.on("data", (chunk: Buffer) => (unpacked += chunk.toString("latin1")));
    deflate.on("data", (chunk: Buffer) => socket.write(chunk));
    deflate.write("c SELECT INBOX\r\nd COMPRESS DEFLATE\r\n");
    deflate.flush(zlib.constants.Z_SYNC_FLUSH);
    const inflated = new Promise<void>((resolve) => {
      const check = () => (/^d NO \[COMPRESSIONACTIVE\]/m.test(unpacked) ? resolve() : inflate.once("data", check));
      check();
    });
    await inflated;
    expect(unpacked).toMatch(/^c OK \[READ-WRITE\]/m);
    socket.destroy();
  });

  it("\\Recent (IMAP4rev1): new mail is recent in the first session that selects it read-write, and only there", async () => {
    const folder = "Junk";
    await deliver(imap.alice.mailboxId, folder, sampleMessage({ subject: "fresh 1" }));
    await deliver(imap.alice.mailboxId, folder, sampleMessage({ subject: "fresh 2" }));
    const first = await logIn(imap.alice);
    const second = await logIn(imap.alice);
    expect(await send(second, `STATUS ${folder} (RECENT MESSAGES)`)).toMatch(/\(RECENT 2 MESSAGES 2\)/);
    expect(await send(first, `EXAMINE ${folder}`)).toMatch(/^\* 2 RECENT\r\n/m); // EXAMINE looks without claiming
    expect(await send(first, `SELECT ${folder}`)).toMatch(/^\* 2 RECENT\r\n/m);
    expect(await send(second, `SELECT ${folder}`)).toMatch(/^\* 0 RECENT\r\n/m);
    expect(await send(first, "FETCH 1 (FLAGS)")).toMatch(/^\* 1 FETCH \(FLAGS \(\\Recent\)\)/m);
    expect(await send(first, "SEARCH RECENT")).toMatch(/^\* SEARCH 1 2\r\n/m);
    await send(first, "STORE 1 +FLAGS.SILENT (\\Seen)");
    expect(await send(first, "SEARCH NEW")).toMatch(/^\* SEARCH 2\r\n/m);
    expect(await send(second, "SEARCH OLD")).toMatch(/^\* SEARCH 1 2\r\n/m);
    await deliver(imap.alice.mailboxId, folder, sampleMessage({ subject: "fresh 3" }));
    const noticed = await send(second, "NOOP"); // second notices it first now
    expect(noticed).toMatch(/^\* 3 EXISTS\r\n\* 1 RECENT\r\n/m);
    expect(await send(first, "NOOP")).toMatch(/^\* 3 EXISTS\r\n\* 2 RECENT\r\n/m);
    first.close();
    second.close();
  });
});

describe("MULTIAPPEND (RFC 3502)", () => {
  /** A LITERAL+ literal (RFC 7888): `{n+}` and the bytes, sent without waiting for the server. */
  const literalPlus = (raw: Buffer): (string | Buffer)[] => [`{${raw.length}+}\r\n`, raw];

  /** A logged-in connection driven by hand, to wait for each "+" as a client without LITERAL+ must. */
  async function openDialogue(user: { address: string; password: string }) {
    const socket = net.connect(imap.port, "127.0.0.1");
    let heard = "";
    socket.on("data", (chunk: Buffer) => (heard += chunk.toString("latin1")));
    const waitFor = async (isHeard: (text: string) => boolean) => {
      while (!isHeard(heard)) await new Promise((resolve) => socket.once("data", resolve));
      return heard;
    };
    socket.write(`a LOGIN "${user.address}" "${user.password}"\r\n`);
    await waitFor((text) => /^a OK /m.test(text));
    heard = "";
    return { write: (bytes: string | Buffer) => socket.write(bytes), waitFor, close: () => socket.destroy() };
  }
  const continuations = (text: string) => text.match(/^\+ /gm)?.length ?? 0;

  it("appends several messages with LITERAL+: their flags and dates, consecutive UIDs in APPENDUID, EXISTS in another session", async () => {
    const writer = await logIn(imap.alice);
    const watcher = await logIn(imap.alice);
    expect(await send(writer, "CAPABILITY")).toMatch(/^\* CAPABILITY .* UIDPLUS MULTIAPPEND /m);
    expect(await send(writer, "CREATE Batch")).toMatch(/^t\d+ OK /m);
    expect(await send(watcher, "SELECT Batch")).toMatch(/^\* 0 EXISTS\r\n/m);
    const raws = [1, 2, 3].map((n) => sampleMessage({ subject: `batch ${n}` }));
    const answer = await send(writer, [
      "APPEND Batch (\\Seen) ", ...literalPlus(raws[0]!),
      ' "02-Jan-2024 03:04:05 +0000" ', ...literalPlus(raws[1]!),
      ' (\\Flagged $Work) "03-Jan-2024 00:00:00 +0100" ', ...literalPlus(raws[2]!),
    ]);
    expect(answer).toMatch(/^t\d+ OK \[APPENDUID \d+ 1:3\] APPEND completed\r\n/m);
    expect(await send(watcher, "NOOP")).toMatch(/^\* 3 EXISTS\r\n/m);
    const fetched = await send(watcher, "FETCH 1:3 (UID FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
    expect(fetched).toMatch(/^\* 1 FETCH \(UID 1 FLAGS \(\\Seen \\Recent\) INTERNALDATE "[^"]+" BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}\r\nSubject: batch 1\r\n/m);
    expect(fetched).toMatch(/^\* 2 FETCH \(UID 2 FLAGS \(\\Recent\) INTERNALDATE "02-Jan-2024 03:04:05 \+0000" BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}\r\nSubject: batch 2\r\n/m);
    expect(fetched).toMatch(/^\* 3 FETCH \(UID 3 FLAGS \(\\Flagged \$Work \\Recent\) INTERNALDATE "02-Jan-2024 23:00:00 \+0000" /m);
    writer.close();
    watcher.close();
  });

  it("the synchronizing form: one continuation per literal, the messages appended together", async () => {
    const dialogue = await openDialogue(imap.bob);
    dialogue.write("c CREATE Synchronized\r\n");
    await dialogue.waitFor((text) => /^c OK /m.test(text));
    const [first, second] = [sampleMessage({ subject: "sync 1" }), sampleMessage({ subject: "sync 2" })];
    dialogue.write(`s APPEND Synchronized (\\Draft) {${first.length}}\r\n`);
    await dialogue.waitFor((text) => continuations(text) === 1);
    dialogue.write(Buffer.concat([first, Buffer.from(` {${second.length}}\r\n`)]));
    await dialogue.waitFor((text) => continuations(text) === 2);
    dialogue.write(Buffer.concat([second, Buffer.from("\r\n")]));
    const heard = await dialogue.waitFor((text) => /^s /m.test(text));
    expect(heard).toMatch(/^s OK \[APPENDUID \d+ 1:2\] APPEND completed\r\n/m);
    expect(continuations(heard)).toBe(2);
    dialogue.write("t STATUS Synchronized (MESSAGES)\r\n");
    expect(await dialogue.waitFor((text) => /^t /m.test(text))).toMatch(/^\* STATUS Synchronized \(MESSAGES 2\)\r\n/m);
    dialogue.close();
  });

  it("all or nothing: over quota, no such folder, a zero-length message, a literal too large or bad syntax append none", async () => {
    const raws = [1, 2, 3].map((n) => sampleMessage({ messageId: `<all-or-nothing-${n}@example.test>` }));
    const size = raws[0]!.length;
    const carol = { address: `carol@${imap.domain}`, password: TEST_PASSWORD };
    await createMailbox(imap.db, { actor: SYSTEM_ACTOR, ...carol, quotaBytes: BigInt(size * 3 - 1) });
    const client = await logIn(carol);
    const status = () => send(client, "STATUS INBOX (MESSAGES UIDNEXT)");
    expect(await status()).toMatch(/^\* STATUS INBOX \(MESSAGES 0 UIDNEXT 1\)\r\n/m);
    const appendAll = (folder: string) => send(client, [`APPEND ${folder} `, ...raws.flatMap((raw, i) => [i > 0 ? " " : "", ...literalPlus(raw)])]);

    expect(await appendAll("INBOX")).toMatch(/^t\d+ NO \[OVERQUOTA\] /m); // each fits alone; the three do not
    expect(await appendAll("Nowhere")).toMatch(/^t\d+ NO \[TRYCREATE\] /m);
    expect(await send(client, ["APPEND INBOX ", ...literalPlus(raws[0]!), " ", ...literalPlus(Buffer.alloc(0))])).toMatch(/^t\d+ NO Zero-length/m);
    expect(await send(client, ["APPEND INBOX ", ...literalPlus(raws[0]!), " (\\Seen) garbage"])).toMatch(/^t\d+ BAD /m);
    expect(await send(client, ["APPEND INBOX ", ...literalPlus(raws[0]!), " (\\Seen)"])).toMatch(/^t\d+ BAD /m);
    expect(await status()).toMatch(/^\* STATUS INBOX \(MESSAGES 0 UIDNEXT 1\)\r\n/m);

    // A synchronizing literal over the size limit is refused before it is sent: the first message is dropped with it.
    const dialogue = await openDialogue(carol);
    dialogue.write(`s APPEND INBOX {${size}}\r\n`);
    await dialogue.waitFor((text) => continuations(text) === 1);
    dialogue.write(Buffer.concat([raws[0]!, Buffer.from(` {${imap.store.maxMessageBytes + 1}}\r\n`)]));
    expect(await dialogue.waitFor((text) => /^s /m.test(text))).toMatch(/^s NO \[TOOBIG\] /m);
    dialogue.close();
    expect(await status()).toMatch(/^\* STATUS INBOX \(MESSAGES 0 UIDNEXT 1\)\r\n/m);

    expect(await send(client, ["APPEND INBOX ", ...literalPlus(raws[0]!), " ", ...literalPlus(raws[1]!)])).toMatch(/^t\d+ OK \[APPENDUID \d+ 1:2\] /m);
    expect(await status()).toMatch(/^\* STATUS INBOX \(MESSAGES 2 UIDNEXT 3\)\r\n/m);
    client.close();
  });

  it("serves a client that waits for each continuation (Python's imaplib)", async () => {
    // imaplib appends one message per command; the literal callback it uses for AUTHENTICATE answers
    // each "+" with the next piece, so a piece can end with the next message's literal announcement.
    const script = `
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[3]))
m.login(sys.argv[1], sys.argv[2])
typ, capabilities = m.capability()
assert b"MULTIAPPEND" in capabilities[0].split(), capabilities
m.create("Python-batch")
first, second = b"Subject: imaplib 1\\r\\n\\r\\nOne.\\r\\n", b"Subject: imaplib 2\\r\\n\\r\\nTwo.\\r\\n"
class Pieces:
    def __init__(self, pieces): self.pieces = iter(pieces)
    def next(self, continuation): return next(self.pieces)
m.literal = Pieces([first + b" {%d}" % len(second), second]).next
typ, data = m._command_complete("APPEND", m._command("APPEND", "Python-batch", "(\\\\Seen)", "{%d}" % len(first)))
assert typ == "OK", data
typ, count = m.select("Python-batch")
assert count[0] == b"2", count
typ, fetched = m.fetch("1:2", "(FLAGS BODY.PEEK[TEXT])")
bodies = [part[1] for part in fetched if isinstance(part, tuple)]
assert bodies == [b"One.\\r\\n", b"Two.\\r\\n"], fetched
sys.stdout.write(data[0].decode())
m.logout()
`;
    const { stdout } = await run("python3", ["-c", script, imap.bob.address, imap.bob.password, String(imap.port)]);
    expect(stdout).toMatch(/^\[APPENDUID \d+ 1:2\] APPEND completed$/);
  });
});

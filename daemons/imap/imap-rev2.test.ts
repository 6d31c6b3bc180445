import { describe, expect, it } from "vitest";
import { ImapFlow } from "imapflow";
import { connectRawImap, type RawImapClient } from "../../scripts/test-support/raw-imap-client.ts";
import { startTestImapForFile, type TestImap } from "../../scripts/test-support/imap-fixtures.ts";
import { startDovecot } from "../../scripts/test-support/dovecot.ts";
import { sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { ingestMessage } from "../../lib/store/ingest-message.ts";

// IMAP4rev2 (RFC 9051) beside IMAP4rev1: the same folder seen by a session that sent ENABLE IMAP4rev2
// and by one that did not, on the wire.

let imap: TestImap;
startTestImapForFile((started) => (imap = started));

/** A logged-in raw session, switched to IMAP4rev2 when asked. */
async function logIn(user: { address: string; password: string }, version: "rev1" | "rev2"): Promise<RawImapClient> {
  const client = await connectRawImap("127.0.0.1", imap.port);
  expect(await send(client, `LOGIN "${user.address}" "${user.password}"`)).toMatch(/^t1 OK /m);
  if (version === "rev2") expect(await send(client, "ENABLE IMAP4rev2")).toMatch(/^\* ENABLED IMAP4rev2\r\n/m);
  return client;
}

/** An IMAP4rev1 and an IMAP4rev2 session of one user, side by side. */
async function logInBoth(user: { address: string; password: string }) {
  const rev1 = await logIn(user, "rev1");
  const rev2 = await logIn(user, "rev2");
  return { rev1, rev2, close: () => [rev1, rev2].forEach((client) => client.close()) };
}

/** Every response to one command, as text (names may be UTF-8). */
async function send(client: RawImapClient, line: string): Promise<string> {
  return (await client.command([line])).toString("utf8");
}

/** The tag the server answered last in this output. */
function lastTag(output: string): string {
  return /^(t\d+) (?:OK|NO|BAD) /m.exec(output.split("\r\n").filter(Boolean).at(-1)!)![1]!;
}

const deliver = (mailboxId: string, folder: string, subject: string, flags: string[] = []) =>
  ingestMessage(imap.store, { mailboxId, folder, raw: sampleMessage({ subject }), flags, source: "smtp" });

describe("IMAP4rev2", () => {
  it("is announced beside IMAP4rev1 and switched on by ENABLE", async () => {
    const client = await connectRawImap("127.0.0.1", imap.port);
    expect(await send(client, "CAPABILITY")).toMatch(/^\* CAPABILITY IMAP4rev1 IMAP4rev2 /m);
    expect(await send(client, `LOGIN "${imap.alice.address}" "${imap.alice.password}"`)).toMatch(/^t2 OK /m);
    // the extensions RFC 9051 folds in stay announced for IMAP4rev1 clients
    const capabilities = await send(client, "CAPABILITY");
    for (const name of ["IMAP4rev2", "NAMESPACE", "UNSELECT", "UIDPLUS", "ESEARCH", "SEARCHRES", "ENABLE", "IDLE", "SASL-IR", "LIST-EXTENDED", "LIST-STATUS", "MOVE", "LITERAL+", "BINARY", "SPECIAL-USE", "STATUS=SIZE"]) {
      expect(capabilities).toMatch(new RegExp(`^\\* CAPABILITY .* ${name.replace("+", "\\+")}( |\r\n)`, "m"));
    }
    expect(await send(client, "ENABLE imap4rev2")).toMatch(/^\* ENABLED IMAP4rev2\r\n/m);
    expect(await send(client, "ENABLE IMAP4rev2")).toMatch(/^\* ENABLED\r\n/m); // nothing new
    client.close();
  });

  it("SELECT: a LIST response instead of RECENT and UNSEEN, no \\Recent anywhere, and new mail left recent for IMAP4rev1", async () => {
    const { mailboxId } = imap.bob;
    const { rev1, rev2, close } = await logInBoth(imap.bob);
    expect(await send(rev2, "CREATE Rev2Select/Child")).toMatch(/^t\d+ OK /m);
    await deliver(mailboxId, "Rev2Select", "read", ["\\Seen"]);
    await deliver(mailboxId, "Rev2Select", "unread");

    const selected2 = await send(rev2, "SELECT Rev2Select");
    expect(selected2).toMatch(/^\* 2 EXISTS\r\n\* LIST \(\\HasChildren\) "\/" Rev2Select\r\n/m);
    expect(selected2).not.toMatch(/RECENT|UNSEEN/);
    expect(selected2).toMatch(/^\* OK \[UIDNEXT 3\] /m);
    expect(await send(rev2, "FETCH 1:* (FLAGS)")).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen\)\)\r\n\* 2 FETCH \(FLAGS \(\)\)\r\n/m);
    expect(await send(rev2, "EXAMINE Rev2Select")).toMatch(/^\* OK \[CLOSED\] [^\r]*\r\n(?:.*\r\n)*\* LIST \(\\HasChildren\) "\/" Rev2Select\r\n/m);
    expect(await send(rev2, "SELECT Rev2Select")).toMatch(/^\* OK \[CLOSED\] /m);

    // the IMAP4rev2 session claimed nothing: both messages are still new to an IMAP4rev1 one
    const selected1 = await send(rev1, "SELECT Rev2Select");
    expect(selected1).toMatch(/^\* 2 EXISTS\r\n\* 2 RECENT\r\n\* OK \[UNSEEN 2\] /m);
    expect(selected1).not.toMatch(/^\* LIST /m);
    expect(await send(rev1, "FETCH 2 (FLAGS)")).toMatch(/^\* 2 FETCH \(FLAGS \(\\Recent\)\)\r\n/m);

    await deliver(mailboxId, "Rev2Select", "new");
    const noticed2 = await send(rev2, "NOOP");
    expect(noticed2).toMatch(/^\* 3 EXISTS\r\nt\d+ OK /m); // no RECENT after it
    expect(await send(rev2, "FETCH 3 (FLAGS)")).toMatch(/^\* 3 FETCH \(FLAGS \(\)\)\r\n/m);
    expect(await send(rev1, "NOOP")).toMatch(/^\* 3 EXISTS\r\n\* 3 RECENT\r\n/m);
    close();
  });

  it("SEARCH and UID SEARCH answer ESEARCH, ALL when no RETURN is given; IMAP4rev1 keeps SEARCH", async () => {
    const { mailboxId } = imap.alice;
    const { rev1, rev2, close } = await logInBoth(imap.alice);
    await send(rev2, "CREATE Rev2Search");
    await deliver(mailboxId, "Rev2Search", "one", ["\\Seen"]);
    await deliver(mailboxId, "Rev2Search", "two");
    await deliver(mailboxId, "Rev2Search", "three");
    await send(rev2, "SELECT Rev2Search");
    await send(rev1, "SELECT Rev2Search");

    const unseen = await send(rev2, "SEARCH UNSEEN");
    expect(unseen).toContain(`* ESEARCH (TAG "${lastTag(unseen)}") ALL 2:3\r\n`);
    expect(unseen).not.toMatch(/^\* SEARCH/m);
    const all = await send(rev2, "UID SEARCH ALL");
    expect(all).toContain(`* ESEARCH (TAG "${lastTag(all)}") UID ALL 1:3\r\n`);
    const none = await send(rev2, 'SEARCH SUBJECT "not there"');
    expect(none).toContain(`* ESEARCH (TAG "${lastTag(none)}")\r\n`); // nothing found: no ALL (RFC 4731 §3.1)
    const counted = await send(rev2, "SEARCH RETURN (COUNT MIN) UNSEEN");
    expect(counted).toContain(`* ESEARCH (TAG "${lastTag(counted)}") MIN 2 COUNT 2\r\n`);
    expect(await send(rev2, "SEARCH RECENT")).toMatch(/^t\d+ BAD Unknown search key/m); // gone with \Recent

    expect(await send(rev1, "SEARCH UNSEEN")).toMatch(/^\* SEARCH 2 3\r\n/m);
    expect(await send(rev1, "UID SEARCH RECENT")).toMatch(/^\* SEARCH 1 2 3\r\n/m);
    close();
  });

  it("mailbox names: UTF-8 under IMAP4rev2, modified UTF-7 under IMAP4rev1", async () => {
    const { rev1, rev2, close } = await logInBoth(imap.alice);
    expect(await send(rev2, 'CREATE "Grüße/Ünter"')).toMatch(/^t\d+ OK /m); // UTF-8 in a quoted string (RFC 9051 §9 QUOTED-CHAR)
    expect(await send(rev1, 'CREATE "Grüße"')).toMatch(/^t\d+ BAD 8-bit text must be sent as a literal/m);

    const listed2 = await send(rev2, 'LIST "" "Gr*"');
    expect(listed2).toMatch(/^\* LIST \(\\HasChildren\) "\/" "Grüße"\r\n\* LIST \(\\HasNoChildren\) "\/" "Grüße\/Ünter"\r\n/m);
    expect(await send(rev1, 'LIST "" "Gr*"')).toMatch(/^\* LIST \(\\HasChildren\) "\/" Gr&APwA3w-e\r\n\* LIST \(\\HasNoChildren\) "\/" Gr&APwA3w-e\/&ANw-nter\r\n/m);

    expect(await send(rev2, 'SELECT "Grüße"')).toMatch(/^\* LIST \(\\HasChildren\) "\/" "Grüße"\r\n/m);
    expect(await send(rev2, "SELECT Gr&APwA3w-e")).toMatch(/^t\d+ NO \[NONEXISTENT\]/m); // "&" is just a character in UTF-8 names
    expect(await send(rev1, "SELECT Gr&APwA3w-e")).toMatch(/^t\d+ OK \[READ-WRITE\]/m);
    expect(await send(rev2, 'STATUS "Grüße/Ünter" (MESSAGES)')).toMatch(/^\* STATUS "Grüße\/Ünter" \(MESSAGES 0\)\r\n/m);

    // a name not in NFC finds the folder, and OLDNAME gives back the spelling the client used (RFC 9051 §6.3.2)
    const decomposed = "Gru\u0308ße";
    expect(await send(rev2, `SELECT "${decomposed}"`)).toMatch(new RegExp(`^\\* LIST \\(\\\\HasChildren\\) "/" "Grüße" \\("OLDNAME" \\("${decomposed}"\\)\\)\r\n`, "m"));
    close();
  });

  it("STATUS DELETED and SIZE under IMAP4rev2, no RECENT; IMAP4rev1 keeps RECENT and SIZE (STATUS=SIZE) but has no DELETED", async () => {
    const { mailboxId } = imap.bob;
    const { rev1, rev2, close } = await logInBoth(imap.bob);
    await send(rev2, "CREATE Rev2Status");
    await deliver(mailboxId, "Rev2Status", "kept");
    await deliver(mailboxId, "Rev2Status", "gone", ["\\Deleted"]);
    const size = /SIZE (\d+)/.exec(await send(rev1, "STATUS Rev2Status (SIZE)"))![1];

    expect(await send(rev2, "STATUS Rev2Status (MESSAGES DELETED SIZE)")).toMatch(new RegExp(`^\\* STATUS Rev2Status \\(MESSAGES 2 DELETED 1 SIZE ${size}\\)\r\n`, "m"));
    expect(await send(rev2, 'LIST "" Rev2Status RETURN (STATUS (DELETED))')).toMatch(/^\* STATUS Rev2Status \(DELETED 1\)\r\n/m);
    expect(await send(rev2, "STATUS Rev2Status (RECENT)")).toMatch(/^t\d+ BAD Unknown status item/m);
    expect(await send(rev1, "STATUS Rev2Status (DELETED)")).toMatch(/^t\d+ BAD Unknown status item/m);
    expect(await send(rev1, "STATUS Rev2Status (MESSAGES RECENT)")).toMatch(/^\* STATUS Rev2Status \(MESSAGES 2 RECENT 2\)\r\n/m);
    close();
  });

  it("LIST (SUBSCRIBED RECURSIVEMATCH): a parent of subscribed folders comes with CHILDINFO (RFC 9051 §6.3.9)", async () => {
    const client = await logIn(imap.bob, "rev2");
    await send(client, "CREATE Rev2Parent/Child");
    await send(client, "UNSUBSCRIBE Rev2Parent"); // new folders start subscribed
    expect(await send(client, 'LIST (SUBSCRIBED) "" "Rev2Parent"')).toMatch(/^t\d+ OK LIST/); // no longer subscribed itself
    expect(await send(client, 'LIST (SUBSCRIBED RECURSIVEMATCH) "" "Rev2Parent"')).toMatch(/^\* LIST \(\\HasChildren\) "\/" Rev2Parent \("CHILDINFO" \("SUBSCRIBED"\)\)\r\nt\d+ OK /m);
    expect(await send(client, 'LIST (SUBSCRIBED RECURSIVEMATCH) "" "Rev2Parent/%"')).toMatch(/^\* LIST \(\\HasNoChildren \\Subscribed\) "\/" Rev2Parent\/Child\r\nt\d+ OK /m);
    client.close();
  });

  it("imapflow enables it and works in it: ESEARCH, no \\Recent, STATUS DELETED", async () => {
    const { mailboxId } = imap.alice;
    const client = new ImapFlow({ host: "127.0.0.1", port: imap.port, secure: false, auth: { user: imap.alice.address, pass: imap.alice.password }, logger: false, tls: { rejectUnauthorized: false } });
    await client.connect();
    try {
      expect(client.enabled.has("IMAP4REV2")).toBe(true);
      await client.mailboxCreate("Rev2Flow");
      await deliver(mailboxId, "Rev2Flow", "first");
      await deliver(mailboxId, "Rev2Flow", "second", ["\\Deleted"]);
      await client.mailboxOpen("Rev2Flow");
      const flags = [];
      for await (const message of client.fetch("1:*", { flags: true })) flags.push([...message.flags!]);
      expect(flags).toEqual([[], ["\\Deleted"]]);
      expect(await client.search({ deleted: true }, { uid: true })).toEqual([2]);
      expect(await client.status("Rev2Flow", { messages: true, deleted: true })).toMatchObject({ messages: 2, deleted: 1 });
    } finally {
      await client.logout();
    }
  });

  it("where RFC 9051 leaves IMAP4rev1 open, answers as Dovecot 2.3 (which has no IMAP4rev2): STATUS DELETED refused, OK [CLOSED] on reselect", async () => {
    const dovecot = await startDovecot();
    const theirs = await connectRawImap(dovecot.host, dovecot.imapPort);
    const ours = await logIn(imap.alice, "rev1");
    try {
      const [user] = dovecot.users;
      expect(await send(theirs, `LOGIN ${user!.name} ${user!.password}`)).toMatch(/^t1 OK /m);
      for (const client of [theirs, ours]) {
        expect(await send(client, "STATUS INBOX (MESSAGES DELETED)")).toMatch(/^t\d+ BAD /m);
        await send(client, "SELECT INBOX");
        expect(await send(client, "EXAMINE INBOX")).toMatch(/^\* OK \[CLOSED\] /m);
      }
    } finally {
      theirs.close();
      ours.close();
      await dovecot.close();
    }
  });
});

import { describe, expect, it } from "vitest";
import type { Command, FetchAttribute, SequenceSet } from "./command.ts";
import { parseCommand } from "./parse-command.ts";
import { expectBad, expectCommand, parse, set } from "./parse-command-test-helpers.ts";

const NO_RETURN_OPTIONS = { subscribed: false, children: false, specialUse: false, status: null };

describe("parseCommand: tags and command names", () => {
  it("reads any astring characters but + as a tag, and command names in any case", () => {
    expectCommand("a001 noop", { name: "NOOP" });
    expectCommand("A.1]x~! CaPaBiLiTy", { name: "CAPABILITY" });
    expectCommand("* NOOP".replace("*", "$"), { name: "NOOP" });
  });

  it("accepts a bare LF as the line end, and a command without one", () => {
    expect(parseCommand(Buffer.from("a NOOP\n"))).toEqual({ ok: true, tag: "a", command: { name: "NOOP" } });
    expect(parseCommand(Buffer.from("a NOOP"))).toEqual({ ok: true, tag: "a", command: { name: "NOOP" } });
  });

  it("keeps a literal's final CR as data when the line after it ends in a bare LF, as the reader frames it", () => {
    expect(parseCommand(Buffer.from("a LOGIN x {4}\r\npas\r\n"))).toEqual({ ok: true, tag: "a", command: { name: "LOGIN", username: "x", password: "pas\r" } });
    expect(parseCommand(Buffer.from("a LOGIN x {3}\r\npas\r\n"))).toEqual({ ok: true, tag: "a", command: { name: "LOGIN", username: "x", password: "pas" } });
  });

  it("parses every command without arguments", () => {
    for (const name of ["CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "NAMESPACE", "IDLE", "CHECK", "CLOSE", "UNSELECT"] as const) {
      expectCommand(`t ${name}`, { name });
    }
  });

  it("refuses what has no tag, and names the tag whenever there is one", () => {
    expect(parseCommand(Buffer.from("\r\n"))).toEqual({ ok: false, tag: null, message: "Empty command" });
    expectBad("+ NOOP", "Invalid tag", null);
    expectBad("a+ NOOP", "Invalid tag", null);
    expectBad("(a) NOOP", "Invalid tag", null);
    expectBad(" NOOP", "Invalid tag", null);
    expectBad("a", "Missing command");
    expectBad("a ", "Missing command");
    expectBad("a FROB", "Unknown command");
    expectBad("a NOOP x", "Unexpected extra arguments");
    expectBad("a NOOP ", "Unexpected extra arguments");
    expectBad("a  NOOP", "Invalid command");
    expectBad("a UID", "Missing command after UID");
    expectBad("a UID LOGIN x y", "Invalid command after UID");
    expectBad("a NOOP\r\nb NOOP", "Invalid command");
  });
});

describe("parseCommand: connection and login commands", () => {
  it("LOGIN takes atoms, quoted strings and literals (RFC 9051 §6.2.3)", () => {
    expectCommand("a001 LOGIN SMITH SESAME", { name: "LOGIN", username: "SMITH", password: "SESAME" });
    expectCommand('a LOGIN "fred foobar" "pass\\"word\\\\"', { name: "LOGIN", username: "fred foobar", password: 'pass"word\\' });
    expectCommand("a LOGIN {5}\r\nalice {6+}\r\nsec\r\nt", { name: "LOGIN", username: "alice", password: "sec\r\nt" });
    expectCommand("a LOGIN {5}\r\njürg ~x]", { name: "LOGIN", username: "jürg", password: "~x]" });
    expectCommand('a LOGIN alice ""', { name: "LOGIN", username: "alice", password: "" });
  });

  it("refuses malformed LOGIN arguments", () => {
    expectBad("a LOGIN", "Missing user name");
    expectBad("a LOGIN alice", "Missing password");
    expectBad('a LOGIN alice "pass', "Unterminated quoted string");
    expectBad('a LOGIN alice "p\\ss"', "Invalid escape in quoted string");
    expectBad("a LOGIN alice (x)", "Invalid password");
    expectBad("a LOGIN alice {5}\r\nab", "Literal data truncated");
    expectBad("a LOGIN alice {5} x", "Literal must end its line");
    expectBad("a LOGIN alice ~{1}\r\nx", "literal8 is only allowed for message data");
    expectBad(Buffer.from('a LOGIN alice "p\0"\r\n', "latin1"), "NUL in string");
    expectBad(Buffer.from("a LOGIN alice {2}\r\np\0\r\n", "latin1"), "NUL in string");
    expectBad(Buffer.from("a LOGIN alice {2}\r\n\xff\xfe\r\n", "latin1"), "Invalid UTF-8 in password");
    expectBad(Buffer.from('a LOGIN alice "a\rb"\r\n', "latin1"), "Line break in quoted string");
  });

  it("takes 8-bit text in quoted strings only once UTF-8 is enabled (RFC 6855 §3)", () => {
    expectBad('a LOGIN jürg x', "Invalid user name");
    expectBad('a LOGIN "jürg" x', "8-bit text must be sent as a literal");
    expectCommand('a LOGIN "jürg" x', { name: "LOGIN", username: "jürg", password: "x" }, { utf8: true });
    expectBad(Buffer.from('a LOGIN "j\xfcrg" x\r\n', "latin1"), "Invalid UTF-8 in user name", "a", { utf8: true });
  });

  it("AUTHENTICATE with and without a SASL-IR initial response (RFC 4959)", () => {
    expectCommand("A001 AUTHENTICATE GSSAPI", { name: "AUTHENTICATE", mechanism: "GSSAPI", initialResponse: null });
    expectCommand("a authenticate plain dGVzdAB0ZXN0AHRlc3Q=", { name: "AUTHENTICATE", mechanism: "PLAIN", initialResponse: "dGVzdAB0ZXN0AHRlc3Q=" });
    expectCommand("a AUTHENTICATE EXTERNAL =", { name: "AUTHENTICATE", mechanism: "EXTERNAL", initialResponse: "=" });
    expectBad("a AUTHENTICATE", "Missing authentication mechanism");
    expectBad("a AUTHENTICATE PLAIN abc", "Invalid initial response");
    expectBad("a AUTHENTICATE PLAIN ab=c", "Invalid initial response");
  });

  it("ENABLE (RFC 5161), ID (RFC 2971) and COMPRESS (RFC 4978)", () => {
    expectCommand("t2 ENABLE CONDSTORE qresync UTF8=ACCEPT", { name: "ENABLE", capabilities: ["CONDSTORE", "QRESYNC", "UTF8=ACCEPT"] });
    expectBad("a ENABLE", "Missing capability");
    expectCommand('a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited" "os" NIL)', {
      name: "ID",
      parameters: [
        ["name", "sodr"],
        ["version", "19.34"],
        ["vendor", "Pink Floyd Music Limited"],
        ["os", null],
      ],
    });
    expectCommand("a ID NIL", { name: "ID", parameters: null });
    expectCommand("a ID ()", { name: "ID", parameters: [] });
    expectCommand('a ID ({4}\r\nname "x")', { name: "ID", parameters: [["name", "x"]] });
    expectBad('a ID ("name")', "Missing ID field value");
    expectBad('a ID (name "x")', "Invalid ID field name");
    expectBad("a ID", "Missing ID parameters");
    expectCommand("a COMPRESS deflate", { name: "COMPRESS", mechanism: "DEFLATE" });
    expectBad("a COMPRESS", "Missing compression mechanism");
  });
});

describe("parseCommand: mailbox commands", () => {
  it("SELECT and EXAMINE, INBOX in any case being INBOX (RFC 9051 §5.1)", () => {
    expectCommand("A142 SELECT INBOX", { name: "SELECT", mailbox: "INBOX", condstore: false, qresync: null });
    expectCommand("a select inBox", { name: "SELECT", mailbox: "INBOX", condstore: false, qresync: null });
    expectCommand('A932 EXAMINE "blurdybloop"', { name: "EXAMINE", mailbox: "blurdybloop", condstore: false, qresync: null });
    expectCommand("a SELECT INBOX.Sent", { name: "SELECT", mailbox: "INBOX.Sent", condstore: false, qresync: null });
    expectCommand("a SELECT {8}\r\nMy Inbox", { name: "SELECT", mailbox: "My Inbox", condstore: false, qresync: null });
    expectBad("a SELECT", "Missing mailbox name");
    expectBad("a SELECT (x)", "Invalid mailbox name");
  });

  it("SELECT with CONDSTORE and QRESYNC parameters (RFC 7162 §3.1.8, §3.2.5)", () => {
    expectCommand("a SELECT INBOX (CONDSTORE)", { name: "SELECT", mailbox: "INBOX", condstore: true, qresync: null });
    expectCommand("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))", {
      name: "SELECT",
      mailbox: "INBOX",
      condstore: false,
      qresync: { uidValidity: 67890007n, modseq: 20050715194045000n, knownUids: set(41, [43, 211], [214, 541]), sequenceMatch: null },
    });
    expectCommand("B01 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973)))", {
      name: "SELECT",
      mailbox: "INBOX",
      condstore: false,
      qresync: {
        uidValidity: 67890007n,
        modseq: 90060115194045000n,
        knownUids: set([1, 29997]),
        sequenceMatch: { sequences: set(5000, 7500, 9000, [9990, 9999]), uids: set(15000, 22500, 27000, 29970, 29973) },
      },
    });
    expectCommand("a EXAMINE x (condstore QRESYNC (1 1 (1 2)))", {
      name: "EXAMINE",
      mailbox: "x",
      condstore: true,
      qresync: { uidValidity: 1n, modseq: 1n, knownUids: null, sequenceMatch: { sequences: set(1), uids: set(2) } },
    });
    expectBad("a SELECT INBOX ()", "Empty select parameters");
    expectBad("a SELECT INBOX (FOO)", "Unknown select parameter");
    expectBad("a SELECT INBOX (CONDSTORE CONDSTORE)", "Duplicate select parameter");
    expectBad("a SELECT INBOX (QRESYNC (0 5))", "UIDVALIDITY out of range");
    expectBad("a SELECT INBOX (QRESYNC (4294967296 5))", "UIDVALIDITY out of range");
    expectBad("a SELECT INBOX (QRESYNC (1 0))", "Mod-sequence out of range");
    expectBad("a SELECT INBOX (QRESYNC (1 9223372036854775808))", "Mod-sequence out of range");
    expectBad("a SELECT INBOX (QRESYNC (1 5 1:*))", "Invalid known UIDs");
    expectBad("a SELECT INBOX (QRESYNC (1 5 1:4 (1:2)))", "Missing known UID set");
    expectBad("a SELECT INBOX (QRESYNC (1))", "Missing mod-sequence");
    expectBad("a SELECT INBOX (QRESYNC (1,5))", "Expected a space before mod-sequence");
  });

  it("CREATE, with SPECIAL-USE attributes (RFC 6154 §3)", () => {
    expectCommand("A003 CREATE owatagusiam/", { name: "CREATE", mailbox: "owatagusiam/", specialUse: [] });
    expectCommand('t1 CREATE "Everything" (USE (\\All))', { name: "CREATE", mailbox: "Everything", specialUse: ["\\All"] });
    expectCommand("a CREATE Junk (use (\\Junk \\Archive))", { name: "CREATE", mailbox: "Junk", specialUse: ["\\Junk", "\\Archive"] });
    expectCommand("a CREATE x (USE ())", { name: "CREATE", mailbox: "x", specialUse: [] });
    expectBad("a CREATE x (USE (Junk))", "Invalid special-use attribute");
    expectBad("a CREATE x (FOO)", "Unknown CREATE parameter");
  });

  it("DELETE, SUBSCRIBE, UNSUBSCRIBE, RENAME", () => {
    expectCommand("A683 DELETE blurdybloop", { name: "DELETE", mailbox: "blurdybloop" });
    expectCommand("A002 SUBSCRIBE #news.comp.mail.mime", { name: "SUBSCRIBE", mailbox: "#news.comp.mail.mime" });
    expectCommand('a UNSUBSCRIBE "a b"', { name: "UNSUBSCRIBE", mailbox: "a b" });
    expectCommand("A683 RENAME blurdybloop sarasoop", { name: "RENAME", from: "blurdybloop", to: "sarasoop" });
    expectCommand("a RENAME inbox Old", { name: "RENAME", from: "INBOX", to: "Old" });
    expectBad("a RENAME x", "Missing new mailbox name");
  });

  it("LIST in its basic forms (RFC 9051 §6.3.9)", () => {
    const list = (reference: string, patterns: string[]) => ({ name: "LIST" as const, reference, patterns, selection: [], returnOptions: NO_RETURN_OPTIONS });
    expectCommand('A101 LIST "" ""', list("", [""]));
    expectCommand('A682 LIST "" *', list("", ["*"]));
    expectCommand('A102 LIST #news.comp.mail.misc ""', list("#news.comp.mail.misc", [""]));
    expectCommand("A202 LIST ~/Mail/ %", list("~/Mail/", ["%"]));
    expectCommand("a LIST inbox Foo/%/b*r]", list("inbox", ["Foo/%/b*r]"]));
    expectCommand('a LIST "" {3}\r\nA*B', list("", ["A*B"]));
    expectBad("a LIST", "Missing mailbox reference");
    expectBad('a LIST ""', "Missing mailbox pattern");
    expectBad('a LIST "" ()', "Empty mailbox patterns");
  });

  it("LIST-EXTENDED selection and return options (RFC 5258, RFC 5819, RFC 6154)", () => {
    expectCommand('A02 LIST (SUBSCRIBED) "" "*"', { name: "LIST", reference: "", patterns: ["*"], selection: ["SUBSCRIBED"], returnOptions: NO_RETURN_OPTIONS });
    expectCommand('A03 LIST () "" "%" RETURN (CHILDREN)', {
      name: "LIST",
      reference: "",
      patterns: ["%"],
      selection: [],
      returnOptions: { ...NO_RETURN_OPTIONS, children: true },
    });
    expectCommand('A05 LIST (subscribed RECURSIVEMATCH) "" "%" RETURN (CHILDREN)', {
      name: "LIST",
      reference: "",
      patterns: ["%"],
      selection: ["SUBSCRIBED", "RECURSIVEMATCH"],
      returnOptions: { ...NO_RETURN_OPTIONS, children: true },
    });
    expectCommand('A06 LIST "" ("INBOX" "Drafts" "Sent/%")', { name: "LIST", reference: "", patterns: ["INBOX", "Drafts", "Sent/%"], selection: [], returnOptions: NO_RETURN_OPTIONS });
    expectCommand("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))", {
      name: "LIST",
      reference: "",
      patterns: ["%"],
      selection: [],
      returnOptions: { ...NO_RETURN_OPTIONS, status: ["MESSAGES", "UNSEEN"] },
    });
    expectCommand('t3 LIST (SPECIAL-USE) "" "*" RETURN (SPECIAL-USE SUBSCRIBED)', {
      name: "LIST",
      reference: "",
      patterns: ["*"],
      selection: ["SPECIAL-USE"],
      returnOptions: { ...NO_RETURN_OPTIONS, specialUse: true, subscribed: true },
    });
    expectCommand('a LIST (REMOTE) "" % RETURN ()', { name: "LIST", reference: "", patterns: ["%"], selection: ["REMOTE"], returnOptions: NO_RETURN_OPTIONS });
    expectBad('a LIST (RECURSIVEMATCH) "" %', "RECURSIVEMATCH needs another selection option");
    expectBad('a LIST (REMOTE RECURSIVEMATCH) "" %', "RECURSIVEMATCH needs another selection option");
    expectBad('a LIST (FOO) "" %', "Unknown LIST selection option");
    expectBad('a LIST "" % RETURN (FOO)', "Unknown LIST return option");
    expectBad('a LIST "" % RETURN (STATUS (FOO))', "Unknown status item");
    expectBad('a LIST "" % FOO (CHILDREN)', "Invalid LIST return options");
  });

  it("LSUB and STATUS", () => {
    expectCommand('A002 LSUB "#news." "comp.mail.*"', { name: "LSUB", reference: "#news.", pattern: "comp.mail.*" });
    expectCommand("A042 STATUS blurdybloop (UIDNEXT MESSAGES)", { name: "STATUS", mailbox: "blurdybloop", items: ["UIDNEXT", "MESSAGES"] });
    expectCommand("a status inbox (messages uidnext uidvalidity unseen size recent highestmodseq appendlimit)", {
      name: "STATUS",
      mailbox: "INBOX",
      items: ["MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "RECENT", "HIGHESTMODSEQ", "APPENDLIMIT"],
    });
    // RFC 9051 §6.3.11: IMAP4rev2 added DELETED and dropped RECENT; each version refuses the other's.
    expectCommand("a STATUS x (DELETED SIZE)", { name: "STATUS", mailbox: "x", items: ["DELETED", "SIZE"] }, { rev2: true });
    expectBad("a STATUS x (MESSAGES DELETED)", "Unknown status item");
    expectBad("a STATUS x (RECENT)", "Unknown status item", "a", { rev2: true });
    expectBad('a LIST "" % RETURN (STATUS (RECENT))', "Unknown status item", "a", { rev2: true });
    expectBad("a STATUS x ()", "Empty status items");
    expectBad("a STATUS x (FOO)", "Unknown status item");
    expectBad("a STATUS x MESSAGES", "Invalid status items");
    expectBad("a STATUS x (MESSAGES", "Unterminated status items");
  });

  it("QUOTA commands (RFC 9208)", () => {
    expectCommand('G0001 GETQUOTA "!partition.sda4"', { name: "GETQUOTA", root: "!partition.sda4" });
    expectCommand('a GETQUOTA ""', { name: "GETQUOTA", root: "" });
    expectCommand("A003 GETQUOTAROOT INBOX", { name: "GETQUOTAROOT", mailbox: "INBOX" });
    expectCommand('S0000 SETQUOTA "#user/alice" (STORAGE 510 message 1000)', {
      name: "SETQUOTA",
      root: "#user/alice",
      limits: [
        ["STORAGE", 510],
        ["MESSAGE", 1000],
      ],
    });
    expectCommand('a SETQUOTA "" ()', { name: "SETQUOTA", root: "", limits: [] });
    expectBad("a SETQUOTA x (STORAGE)", "Missing quota limit");
    expectBad("a SETQUOTA x (STORAGE 9007199254740992)", "Quota limit out of range");
  });
});

describe("parseCommand: APPEND", () => {
  const message = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nSubject: afternoon meeting\r\n\r\nHello Joe\r\n";

  it("takes flags, a date-time and the message literal (RFC 9051 §6.3.12)", () => {
    expectCommand(`A003 APPEND saved-messages (\\Seen) {${message.length}}\r\n${message}`, {
      name: "APPEND",
      mailbox: "saved-messages",
      messages: [{ flags: ["\\Seen"], internalDate: null, message: Buffer.from(message), isBinary: false }],
    });
    expectCommand(`a APPEND inbox (\\Seen $Forwarded) " 7-Feb-1994 21:52:25 -0800" {${message.length}+}\r\n${message}`, {
      name: "APPEND",
      mailbox: "INBOX",
      messages: [{ flags: ["\\Seen", "$Forwarded"], internalDate: new Date("1994-02-08T05:52:25Z"), message: Buffer.from(message), isBinary: false }],
    });
    expectCommand('a APPEND x "17-Jul-1996 02:44:25 +0200" () {0}\r\n'.replace('" ()', '"'), {
      name: "APPEND",
      mailbox: "x",
      messages: [{ flags: [], internalDate: new Date("1996-07-17T00:44:25Z"), message: Buffer.alloc(0), isBinary: false }],
    });
  });

  it("takes several messages (MULTIAPPEND, RFC 3502) and literal8 with NUL bytes (RFC 3516)", () => {
    const binary = Buffer.from("Subject: x\r\n\r\n\0\x01\xff", "latin1");
    const command = Buffer.concat([Buffer.from("a APPEND Drafts (\\Draft) {5}\r\nfirst ~{17}\r\n", "latin1"), binary, Buffer.from(' "01-Jan-2024 00:00:00 +0000" {0+}\r\n\r\n', "latin1")]);
    expect(parseCommand(command)).toEqual({
      ok: true,
      tag: "a",
      command: {
        name: "APPEND",
        mailbox: "Drafts",
        messages: [
          { flags: ["\\Draft"], internalDate: null, message: Buffer.from("first"), isBinary: false },
          { flags: [], internalDate: null, message: binary, isBinary: true },
          { flags: [], internalDate: new Date("2024-01-01T00:00:00Z"), message: Buffer.alloc(0), isBinary: false },
        ],
      },
    });
  });

  it("keeps invalid UTF-8 in a message literal as bytes", () => {
    const result = parseCommand(Buffer.from("a APPEND x {3}\r\n\xff\xfe\xfd\r\n", "latin1"));
    expect(result.ok && result.command.name === "APPEND" && result.command.messages[0]!.message).toEqual(Buffer.from([0xff, 0xfe, 0xfd]));
  });

  it("takes the UTF8 (literal8) form of RFC 6855 §4 once UTF-8 is enabled", () => {
    expectCommand("a APPEND x UTF8 (~{2}\r\nhi)", { name: "APPEND", mailbox: "x", messages: [{ flags: [], internalDate: null, message: Buffer.from("hi"), isBinary: true }] }, { utf8: true });
    expectBad("a APPEND x UTF8 (~{2}\r\nhi)", "Invalid message literal");
    expectBad("a APPEND x UTF8 ({2}\r\nhi)", "UTF8 message data must be a literal8", "a", { utf8: true });
  });

  it("refuses malformed APPENDs", () => {
    expectBad("a APPEND", "Missing mailbox name");
    expectBad("a APPEND x", "Missing message literal");
    expectBad("a APPEND x (\\Seen)", "Missing message literal");
    expectBad('a APPEND x "hello"', "Invalid message date-time");
    expectBad('a APPEND x "31-Feb-2024 00:00:00 +0000" {0}\r\n', "Invalid message date-time");
    expectBad('a APPEND x "01-Jan-2024 24:00:00 +0000" {0}\r\n', "Invalid message date-time");
    expectBad('a APPEND x "01-Jan-2024 00:00:00 +0060" {0}\r\n', "Invalid message date-time");
    expectBad("a APPEND x hello", "Invalid message literal");
    expectBad("a APPEND x (\\*) {0}\r\n", "Invalid flag");
    expectBad("a APPEND x {1}\r\n\0", "NUL in message: send it as literal8");
    expectBad("a APPEND x {1}\r\na{1}\r\nb", "Expected a space before message literal");
    expectBad("a APPEND x {1}\r\na ", "Missing message literal");
  });
});

describe("parseCommand: message commands", () => {
  it("FETCH with macros, single attributes and lists (RFC 9051 §6.4.5)", () => {
    const fetch = (sequenceSet: SequenceSet, attributes: FetchAttribute[]): Command => ({ name: "FETCH", isUid: false, set: sequenceSet, attributes, changedSince: null, vanished: false });
    expectCommand(
      "A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])",
      fetch(set([2, 4]), [{ type: "FLAGS" }, { type: "BODY[]", peek: false, section: { part: [], text: "HEADER.FIELDS", fields: ["DATE", "FROM"] }, partial: null }]),
    );
    expectCommand("a fetch 1 fast", fetch(set(1), [{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }]));
    expectCommand("a FETCH 1 ALL", fetch(set(1), [{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }, { type: "ENVELOPE" }]));
    expectCommand("A283 FETCH $ (UID INTERNALDATE FLAGS RFC822.HEADER)", fetch({ saved: true }, [{ type: "UID" }, { type: "INTERNALDATE" }, { type: "FLAGS" }, { type: "RFC822.HEADER" }]));
    expectCommand("A999 UID FETCH 4827313:4828442 FLAGS", { name: "FETCH", isUid: true, set: set([4827313, 4828442]), attributes: [{ type: "FLAGS" }], changedSince: null, vanished: false });
  });

  it("FETCH modifiers CHANGEDSINCE and VANISHED (RFC 7162 §3.1.4, §3.2.6)", () => {
    expectCommand("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)", { name: "FETCH", isUid: true, set: set([1, "*"]), attributes: [{ type: "FLAGS" }], changedSince: 12345n, vanished: false });
    expectCommand("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)", {
      name: "FETCH",
      isUid: true,
      set: set([300, 500]),
      attributes: [{ type: "FLAGS" }],
      changedSince: 12345n,
      vanished: true,
    });
    expectCommand("a FETCH 1 MODSEQ (changedsince 9223372036854775807)", { name: "FETCH", isUid: false, set: set(1), attributes: [{ type: "MODSEQ" }], changedSince: 9223372036854775807n, vanished: false });
    expectBad("a FETCH 1 FLAGS (CHANGEDSINCE 9223372036854775808)", "CHANGEDSINCE value out of range");
    expectBad("a FETCH 1 FLAGS (CHANGEDSINCE 0)", "CHANGEDSINCE value out of range");
    expectBad("a FETCH 1:* FLAGS (CHANGEDSINCE 5 VANISHED)", "VANISHED is only allowed in UID FETCH");
    expectBad("a UID FETCH 1:* FLAGS (VANISHED)", "VANISHED requires CHANGEDSINCE");
    expectBad("a UID FETCH 1:* FLAGS (CHANGEDSINCE 5 CHANGEDSINCE 6)", "Duplicate fetch modifier");
    expectBad("a UID FETCH 1:* FLAGS (FOO)", "Unknown fetch modifier");
  });

  it("STORE in every form, with UNCHANGEDSINCE (RFC 9051 §6.4.6, RFC 7162 §3.1.3)", () => {
    const store = { name: "STORE" as const, isUid: false, set: set([2, 4]), unchangedSince: null };
    expectCommand("A003 STORE 2:4 +FLAGS (\\Deleted)", { ...store, mode: "add", silent: false, flags: ["\\Deleted"] });
    expectCommand("a STORE 2:4 -flags.silent \\Seen $Junk", { ...store, mode: "remove", silent: true, flags: ["\\Seen", "$Junk"] });
    expectCommand("a STORE 2:4 FLAGS ()", { ...store, mode: "set", silent: false, flags: [] });
    expectCommand("a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)", {
      name: "STORE",
      isUid: true,
      set: set(6, 4, 8),
      unchangedSince: 12121230045n,
      mode: "add",
      silent: true,
      flags: ["\\Deleted"],
    });
    expectCommand("a STORE 2:4 (UNCHANGEDSINCE 0) FLAGS (x)", { ...store, unchangedSince: 0n, mode: "set", silent: false, flags: ["x"] });
    expectBad("a STORE 2:4 +FLAGS", "Missing flags");
    expectBad("a STORE 2:4 FLAGZ (x)", "Invalid store action");
    expectBad("a STORE 2:4 *FLAGS (x)", "Invalid store action");
    expectBad("a STORE 2:4 FLAGS (\\*)", "Invalid flag");
    expectBad("a STORE 2:4 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) FLAGS (x)", "Duplicate store modifier");
    expectBad("a STORE 2:4 (FOO 1) FLAGS (x)", "Unknown store modifier");
  });

  it("COPY, MOVE (RFC 6851), EXPUNGE and UID EXPUNGE (RFC 4315)", () => {
    expectCommand("A003 COPY 2:4 MEETING", { name: "COPY", isUid: false, set: set([2, 4]), mailbox: "MEETING" });
    expectCommand("a UID MOVE 42:69 inbox", { name: "MOVE", isUid: true, set: set([42, 69]), mailbox: "INBOX" });
    expectCommand("a MOVE $ Trash", { name: "MOVE", isUid: false, set: { saved: true }, mailbox: "Trash" });
    expectCommand("A202 EXPUNGE", { name: "EXPUNGE", uids: null });
    expectCommand("A003 UID EXPUNGE 3000:3002", { name: "EXPUNGE", uids: set([3000, 3002]) });
    expectBad("a UID EXPUNGE", "Missing UID set");
    expectBad("a EXPUNGE 1:2", "Unexpected extra arguments");
    expectBad("a COPY 1:2", "Missing mailbox name");
  });

  it("SORT and THREAD (RFC 5256, RFC 5957 display sort, RFC 5267 ESORT)", () => {
    expectCommand("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994", {
      name: "SORT",
      isUid: false,
      criteria: [{ key: "SUBJECT", reverse: false }],
      charset: "UTF-8",
      returns: null,
      search: { type: "date", field: "internal", op: "since", day: "1994-02-01" },
    });
    expectCommand('A284 UID SORT (reverse arrival DISPLAYFROM) "US-ASCII" TEXT "not in mailbox" UNSEEN', {
      name: "SORT",
      isUid: true,
      criteria: [
        { key: "ARRIVAL", reverse: true },
        { key: "DISPLAYFROM", reverse: false },
      ],
      charset: "US-ASCII",
      returns: null,
      search: {
        type: "and",
        criteria: [
          { type: "text", where: "text", value: "not in mailbox" },
          { type: "flag", flag: "\\Seen", isSet: false },
        ],
      },
    });
    expectCommand("a UID SORT RETURN (MIN MAX) (DATE) UTF-8 ALL", {
      name: "SORT",
      isUid: true,
      criteria: [{ key: "DATE", reverse: false }],
      charset: "UTF-8",
      returns: ["MIN", "MAX"],
      search: { type: "all" },
    });
    expectCommand("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000", {
      name: "THREAD",
      isUid: false,
      algorithm: "ORDEREDSUBJECT",
      charset: "UTF-8",
      search: { type: "date", field: "internal", op: "since", day: "2000-03-05" },
    });
    expectCommand('A284 UID THREAD references US-ASCII TEXT "gewp"', {
      name: "THREAD",
      isUid: true,
      algorithm: "REFERENCES",
      charset: "US-ASCII",
      search: { type: "text", where: "text", value: "gewp" },
    });
    expectBad("a SORT () UTF-8 ALL", "Empty sort criteria");
    expectBad("a SORT (REVERSE) UTF-8 ALL", "Missing sort key");
    expectBad("a SORT (REVERSE REVERSE DATE) UTF-8 ALL", "Unknown sort key");
    expectBad("a SORT (COLOR) UTF-8 ALL", "Unknown sort key");
    expectBad("a SORT (DATE) ALL", "Missing search criteria");
    expectBad("a SORT (DATE)", "Missing charset");
    expectBad("a THREAD X-FOO UTF-8 ALL", "Unknown threading algorithm");
    expectBad("a THREAD REFERENCES UTF-8", "Missing search criteria");
  });
});

describe("parseCommand: sequence sets", () => {
  it("reads numbers, *, ranges in either order, lists and $ (RFC 9051 §9, RFC 5182)", () => {
    const fetchSet = (text: string) => {
      const result = parse(`a FETCH ${text} FLAGS`);
      return result.ok && result.command.name === "FETCH" ? result.command.set : result;
    };
    expect(fetchSet("1")).toEqual(set(1));
    expect(fetchSet("*")).toEqual(set("*"));
    expect(fetchSet("5:2,*:7,4294967295")).toEqual(set([5, 2], ["*", 7], 4294967295));
    expect(fetchSet("2,4:7,9,12:*")).toEqual(set(2, [4, 7], 9, [12, "*"]));
    expect(fetchSet("$")).toEqual({ saved: true });
  });

  it("refuses 0, numbers past 2^32-1 and broken shapes", () => {
    for (const text of ["0", "1:0", "4294967296", "99999999999999999999999", "1:", ":1", "1,,2", "1,", "1:2:3", "$,1", "1:$", "**", "1x", "-1", "1.5"]) {
      expect(parse(`a FETCH ${text} FLAGS`), text).toEqual({ ok: false, tag: "a", message: "Invalid sequence set" });
    }
    expectBad("a UID FETCH x FLAGS", "Invalid UID set");
  });
});

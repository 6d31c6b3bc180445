// Real, independent POP3 clients download a mailbox of corpus messages and get every byte back:
// Python's poplib, curl (pop3://, STLS, pop3s://) and Debian's fetchmail.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { locateCorpus, sampleCorpus } from "../../scripts/test-support/corpus.ts";
import { startTestPop3ForFile, type Pop3User, type TestPop3 } from "../../scripts/test-support/pop3-fixtures.ts";

const run = promisify(execFile);
let pop3: TestPop3;
startTestPop3ForFile((started) => (pop3 = started));

/** Corpus messages (CRLF, as delivered) and three made to test the wire form: stuffed dots, bare LF, no final line end. */
function testMessages(): Buffer[] {
  const corpus = locateCorpus();
  if ("reason" in corpus) throw new Error(`SpamAssassin corpus unavailable: ${corpus.reason}`);
  return [
    // Without the mbox "From " line the corpus files start with: delivered mail has none (fetchmail drops it).
    ...sampleCorpus(corpus, 3).map((m) => m.raw.subarray(m.raw.subarray(0, 5).toString() === "From " ? m.raw.indexOf("\n") + 1 : 0)),
    Buffer.from("From: a@example.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n"),
    Buffer.from("From: a@example.test\nSubject: bare LF\n\nline one\n.dot\nlast"),
    Buffer.from("From: a@example.test\r\nSubject: no end\r\n\r\nno final CRLF"),
  ];
}

/** What a client that unstuffs the dots gets: CRLF line ends, and a final CRLF. */
function expectedDownload(raw: Buffer): Buffer {
  const text = raw.toString("latin1").replace(/\r?\n/g, "\r\n");
  return Buffer.from(text.endsWith("\r\n") ? text : `${text}\r\n`, "latin1");
}

let messages: Buffer[];
let user: Pop3User;
beforeAll(async () => {
  messages = testMessages();
  user = await pop3.newUser(messages);
});

describe("POP3 with real clients", () => {
  it("Python's poplib downloads every message byte-exact, with LIST sizes and UIDLs, and keeps them (no DELE)", async () => {
    const script = `
import base64, json, poplib, sys
p = poplib.POP3("127.0.0.1", int(sys.argv[1]))
capa = p.capa()
p.user(sys.argv[2]); p.pass_(sys.argv[3])
count, total = p.stat()
sizes = [int(l.split()[1]) for l in p.list()[1]]
uidls = [l.split()[1].decode() for l in p.uidl()[1]]
bodies = [base64.b64encode(b"".join(l + b"\\r\\n" for l in p.retr(i + 1)[1])).decode() for i in range(count)]
top = base64.b64encode(b"".join(l + b"\\r\\n" for l in p.top(1, 0)[1])).decode()
p.quit()
print(json.dumps({"capa": sorted(capa), "count": count, "total": total, "sizes": sizes, "uidls": uidls, "bodies": bodies, "top": top}))`;
    const { stdout } = await run("python3", ["-c", script, String(pop3.port), user.address, user.password]);
    const result = JSON.parse(stdout) as { capa: string[]; count: number; total: number; sizes: number[]; uidls: string[]; bodies: string[]; top: string };
    expect(result.capa).toEqual(["AUTH-RESP-CODE", "EXPIRE", "IMPLEMENTATION", "PIPELINING", "RESP-CODES", "SASL", "STLS", "TOP", "UIDL", "USER"]);
    expect(result.count).toBe(messages.length);
    const downloads = result.bodies.map((b) => Buffer.from(b, "base64"));
    downloads.forEach((download, i) => expect(download.equals(expectedDownload(messages[i]!)), `message ${i + 1}`).toBe(true));
    expect(result.total).toBe(result.sizes.reduce((a, b) => a + b, 0));
    expect(new Set(result.uidls).size).toBe(messages.length);
    const head = expectedDownload(messages[0]!);
    expect(Buffer.from(result.top, "base64").equals(head.subarray(0, head.indexOf("\r\n\r\n") + 4))).toBe(true);
    const left = await pop3.db.message.count({ where: { mailboxId: user.mailboxId } });
    expect(left).toBe(messages.length);
  });

  it("curl downloads over pop3:// in clear (loopback), with STLS, and over pop3s://", async () => {
    const last = messages.length;
    for (const [url, extra] of [
      [`pop3://127.0.0.1:${pop3.port}/1`, []],
      [`pop3://127.0.0.1:${pop3.port}/${last}`, ["--ssl-reqd"]],
      [`pop3s://127.0.0.1:${pop3.tlsPort}/${last - 1}`, []],
    ] as const) {
      const number = Number(url.slice(url.lastIndexOf("/") + 1));
      const { stdout } = await run("curl", ["-sS", "-k", ...extra, "-u", `${user.address}:${user.password}`, url], { encoding: "buffer" });
      expect(stdout.equals(expectedDownload(messages[number - 1]!)), url).toBe(true);
    }
    // curl's LIST: "number size" lines
    const { stdout } = await run("curl", ["-sS", "-k", "-u", `${user.address}:${user.password}`, `pop3s://127.0.0.1:${pop3.tlsPort}/`]);
    expect(stdout.trim().split("\r\n").length).toBe(messages.length);
  });

  it("Debian's fetchmail downloads every message byte-exact", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-fetchmail-"));
    const out = path.join(dir, "out");
    const rc = path.join(dir, "fetchmailrc");
    // fetchmail hands each message to the MDA with LF line ends and, with "invisible", adds no Received line.
    writeFileSync(
      rc,
      `set no bouncemail\nset invisible\npoll 127.0.0.1 with proto POP3 port ${pop3.port} auth password\n  user "${user.address}" there with password "${user.password}" is "${userInfo().username}" here\n  options keep fetchall no rewrite sslproto '' mda "/bin/sh -c 'cat > ${out}.$$'"\n`,
      { mode: 0o600 },
    );
    try {
      mkdirSync(path.join(dir, "home"));
      await run("fetchmail", ["-f", rc, "--nodetach", "--idfile", path.join(dir, "ids")], { env: { ...process.env, HOME: path.join(dir, "home") } }).catch((error: { code?: number; stderr?: string }) => {
        // 0: mail fetched; anything else is a failure
        throw new Error(`fetchmail failed (${error.code}): ${error.stderr}`);
      });
      const files = readdirSync(dir).filter((f) => f.startsWith("out."));
      expect(files.length).toBe(messages.length);
      const got = files.map((f) => readFileSync(path.join(dir, f)).toString("latin1")).sort();
      const want = messages.map((m) => expectedDownload(m).toString("latin1").replace(/\r\n/g, "\n")).sort();
      expect(got).toEqual(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

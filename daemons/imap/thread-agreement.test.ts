import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locateCorpus, withCrlfLineEnds } from "../../scripts/test-support/corpus.ts";
import { expectTaggedOk, type RawImapClient } from "../../scripts/test-support/raw-imap-client.ts";
import { appendSamples, startSideBySideImap, type SideBySideImap } from "../../scripts/test-support/side-by-side-imap.ts";

// Our THREAD answers against Dovecot's for the same messages, appended in the same order with the
// same internal dates to both servers (so message numbers and UIDs line up): messages written here
// for the rules of RFC 5256 §4 (replies, truncated References, loops, missing parents, subjects
// shared with and without "Re:"), then the first corpus messages, mailing-list mail with real threads.
// The answers must be equal byte for byte, apart from the differences listed in KNOWN_DIFFERENCES;
// corpus messages of a kind in LEFT_OUT are not appended at all.
//
// By default the first 200 corpus messages compared; THREAD_AGREEMENT_ALL=1 takes all 6,046 (a minute or two).

const CORPUS_MESSAGES = process.env.THREAD_AGREEMENT_ALL ? Infinity : 200;
/** Internal dates: one minute apart from here, so that a message without Date sorts by its place. */
const FIRST_INTERNAL_DATE = Date.UTC(2026, 1, 1);

type Sample = { raw: Buffer; internalDate: Date };

/** A message written for a rule; `internalMinute` overrides its default internal date. */
type Crafted = { name: string; headers: Record<string, string>; internalMinute?: number };

const CRAFTED: Crafted[] = [
  { name: "thread root", headers: { "Message-ID": "<a@t.example>", Subject: "Project plan", Date: "Mon, 2 Mar 2026 09:00:00 +0000" } },
  // B and D are both sent at 10:00 UTC: the tie goes to sequence order (RFC 5256 §2.2)
  { name: "reply", headers: { "Message-ID": "<b@t.example>", Subject: "Re: Project plan", Date: "Mon, 2 Mar 2026 11:00:00 +0100", References: "<a@t.example>", "In-Reply-To": "<a@t.example>" } },
  { name: "reply to the reply", headers: { "Message-ID": "<c@t.example>", Subject: "Re: Project plan", Date: "Mon, 2 Mar 2026 10:30:00 +0000", References: "<a@t.example> <b@t.example>" } },
  { name: "In-Reply-To only", headers: { "Message-ID": "<d@t.example>", Subject: "RE: Project plan", Date: "Mon, 2 Mar 2026 10:00:00 +0000", "In-Reply-To": "<a@t.example>" } },
  { name: "References contradicting an existing link", headers: { "Message-ID": "<e@t.example>", Subject: "Re: Project plan", Date: "Mon, 2 Mar 2026 12:00:00 +0000", References: "<x-missing@t.example> <b@t.example>" } },
  { name: "forward wrapper joins by subject", headers: { "Message-ID": "<f@t.example>", Subject: "[Fwd: Project plan]", Date: "Mon, 2 Mar 2026 13:00:00 +0000" } },
  { name: "first child of a missing parent", headers: { "Message-ID": "<g@t.example>", Subject: "Re: Lost thread", Date: "Tue, 3 Mar 2026 12:00:00 +0000", References: "<gone@t.example>" } },
  { name: "second child of a missing parent", headers: { "Message-ID": "<h@t.example>", Subject: "Re: Lost thread", Date: "Tue, 3 Mar 2026 12:30:00 +0000", References: "<gone@t.example>" } },
  { name: "not a reply, same subject as the dummy", headers: { "Message-ID": "<i@t.example>", Subject: "Lost thread", Date: "Tue, 3 Mar 2026 11:00:00 +0000" } },
  { name: "only child of two missing ancestors", headers: { "Message-ID": "<j@t.example>", Subject: "Re: Orphan", Date: "Tue, 3 Mar 2026 13:00:00 +0000", References: "<gone2@t.example> <gone3@t.example>" } },
  { name: "loop, first half", headers: { "Message-ID": "<k@t.example>", Subject: "Loop one", Date: "Wed, 4 Mar 2026 08:00:00 +0000", References: "<l@t.example>" } },
  { name: "loop, second half", headers: { "Message-ID": "<l@t.example>", Subject: "Loop two", Date: "Wed, 4 Mar 2026 09:00:00 +0000", References: "<k@t.example>" } },
  { name: "references itself", headers: { "Message-ID": "<m@t.example>", Subject: "Self", Date: "Wed, 4 Mar 2026 10:00:00 +0000", References: "<n-missing@t.example> <m@t.example>" } },
  { name: "subject thread", headers: { "Message-ID": "<n@t.example>", Subject: "Weekly report", Date: "Thu, 5 Mar 2026 08:00:00 +0000" } },
  { name: "earlier reply by subject only", headers: { "Message-ID": "<o@t.example>", Subject: "Re: Weekly report", Date: "Thu, 5 Mar 2026 07:00:00 +0000" } },
  { name: "same subject in capitals, not a reply", headers: { "Message-ID": "<p@t.example>", Subject: "WEEKLY REPORT", Date: "Thu, 5 Mar 2026 09:00:00 +0000" } },
  { name: "forward by subject only", headers: { "Message-ID": "<q@t.example>", Subject: "Fwd: Weekly report", Date: "Thu, 5 Mar 2026 10:00:00 +0000" } },
  { name: "In-Reply-To with text, References without an id", headers: { "Message-ID": "<r@t.example>", Subject: "Re: Weekly report", Date: "Thu, 5 Mar 2026 11:00:00 +0000", References: "none at all", "In-Reply-To": "<n@t.example> (message from Alice)" } },
  { name: "list tag", headers: { "Message-ID": "<s@t.example>", Subject: "[list] Status", Date: "Fri, 6 Mar 2026 09:00:00 +0000" } },
  { name: "reply before the list tag", headers: { "Message-ID": "<t@t.example>", Subject: "Re: [list] Status", Date: "Fri, 6 Mar 2026 08:00:00 +0000" } },
  { name: "(fwd) trailer", headers: { "Message-ID": "<u@t.example>", Subject: "Status (fwd)", Date: "Fri, 6 Mar 2026 10:00:00 +0000" } },
  { name: "quoted Message-ID", headers: { "Message-ID": '<"quoted.id"@t.example>', Subject: "Quoted", Date: "Sat, 7 Mar 2026 09:00:00 +0000" } },
  { name: "reply to the unquoted form", headers: { "Message-ID": "<v@t.example>", Subject: "Re: Quoted", Date: "Sat, 7 Mar 2026 10:00:00 +0000", References: "<quoted.id@t.example>" } },
  { name: "duplicate Message-ID", headers: { "Message-ID": "<a@t.example>", Subject: "Duplicate", Date: "Sat, 7 Mar 2026 11:00:00 +0000" } },
  { name: "twin dummies, first", headers: { "Message-ID": "<w@t.example>", Subject: "Re: Twin", Date: "Sun, 8 Mar 2026 09:00:00 +0000", References: "<gone4@t.example>" } },
  { name: "twin dummies, second", headers: { "Message-ID": "<x@t.example>", Subject: "Re: Twin", Date: "Sun, 8 Mar 2026 09:30:00 +0000", References: "<gone4@t.example>" } },
  { name: "twin dummies, third", headers: { "Message-ID": "<y@t.example>", Subject: "Re: Twin", Date: "Sun, 8 Mar 2026 10:00:00 +0000", References: "<gone5@t.example>" } },
  { name: "twin dummies, fourth", headers: { "Message-ID": "<z@t.example>", Subject: "Re: Twin", Date: "Sun, 8 Mar 2026 10:30:00 +0000", References: "<gone5@t.example>" } },
  // no Date, Subject or Message-ID: internal dates decide, and these two share one
  { name: "bare message", headers: {}, internalMinute: 5 },
  { name: "bare message with the same internal date", headers: { Subject: "" }, internalMinute: 5 },
];

/**
 * Where Dovecot's answer may differ from ours, with the RFC clause that allows both. Each applies
 * to whole answers and says how ours is turned into what Dovecot sends.
 */
const KNOWN_DIFFERENCES: { kind: string; reason: string; adjust: (ours: string) => string }[] = [
  {
    kind: "empty answer",
    reason:
      'With no message found Dovecot sends "* THREAD " with a space at the end; RFC 5256 §5 has thread-data = "THREAD" [SP 1*thread-list], so we send "* THREAD".',
    adjust: (ours) => (ours === "* THREAD" ? "* THREAD " : ours),
  },
];

/**
 * Corpus messages not compared, each kind for a difference that is understood: they would move
 * messages within a thread (not between threads) or reorder two threads. Found with
 * THREAD_AGREEMENT_ALL=1: these are the only differences in the whole corpus.
 */
const LEFT_OUT: { kind: string; reason: string; matches: (raw: Buffer) => boolean }[] = [
  {
    kind: "Date Dovecot cannot read",
    reason:
      "A one-digit minute or second ('Mon, 22 Jul 2002 0:4:52 +-0500'; RFC 5322 §3.3 wants 2DIGIT) or the asctime form ('Sat Sep 21 08:18:08 2002', no RFC 5322 form at all): lib/mime reads a time, Dovecot sorts by INTERNALDATE. RFC 5256 §2.2 leaves to the server which Date it can parse; THREAD keeps to the sent date SORT (DATE) uses. 6 corpus messages.",
    matches: (raw) => {
      const date = readHeader(raw, "date") ?? "";
      return /:\d(?!\d)/.test(date) || /^[a-z]{3} [a-z]{3} +\d/i.test(date);
    },
  },
];

const COMMANDS = [
  "THREAD ORDEREDSUBJECT UTF-8 ALL",
  "THREAD REFERENCES UTF-8 ALL",
  "UID THREAD REFERENCES UTF-8 ALL",
  // a part of the mailbox: parents outside the search become dummies
  "THREAD REFERENCES US-ASCII 25:150",
  "THREAD ORDEREDSUBJECT UTF-8 25:150",
  'THREAD REFERENCES UTF-8 SUBJECT "no such subject anywhere"',
];

describe("THREAD agrees with Dovecot", () => {
  const corpus = locateCorpus();
  const leftOut = new Map<string, number>();
  const corpusSamples: Sample[] = [];
  for (const file of "reason" in corpus ? [] : corpus.directories.flatMap((directory) => directory.files)) {
    if (corpusSamples.length === CORPUS_MESSAGES) break;
    const raw = withCrlfLineEnds(readFileSync(file));
    const kind = LEFT_OUT.find((known) => known.matches(raw))?.kind;
    if (kind) leftOut.set(kind, (leftOut.get(kind) ?? 0) + 1);
    else corpusSamples.push({ raw, internalDate: minute(CRAFTED.length + corpusSamples.length) });
  }
  const samples: Sample[] = [...CRAFTED.map(craftedSample), ...corpusSamples];
  let servers: SideBySideImap;
  let theirs: RawImapClient;
  let ours: RawImapClient;

  beforeAll(async () => {
    servers = await startSideBySideImap();
    ({ theirs, ours } = servers);
    await Promise.all([appendSamples(theirs, samples), appendSamples(ours, samples)]);
  }, 120_000);

  afterAll(async () => {
    await servers?.close();
  });

  it("both servers hold the messages in the same order", async () => {
    const dates = async (client: RawImapClient) => (await client.command(["FETCH 1:* (UID INTERNALDATE)"])).toString("latin1").match(/^\* \d+ FETCH .*$/gm);
    const listed = await dates(ours);
    expect(listed).toEqual(await dates(theirs));
    expect(listed).toHaveLength(samples.length);
    console.log(`thread agreement: ${CRAFTED.length} written and ${corpusSamples.length} corpus messages; left out: ${JSON.stringify(Object.fromEntries(leftOut))}`);
  });

  it.each(COMMANDS)(`%s (${CRAFTED.length} written + ${corpusSamples.length} corpus messages)`, async (command) => {
    const [dovecotAnswer, ourAnswer] = await Promise.all([threadLine(theirs, command), threadLine(ours, command)]);
    const adjusted = KNOWN_DIFFERENCES.reduce((answer, known) => known.adjust(answer), ourAnswer);
    if (adjusted !== dovecotAnswer) expect.fail(describeDifference(dovecotAnswer, adjusted));
  });

  it("answers the written messages as RFC 5256 §4 says", async () => {
    const threads = splitThreads((await threadLine(ours, `THREAD REFERENCES UTF-8 1:${CRAFTED.length}`)).replace(/^\* THREAD /, ""));
    expect(threads).toEqual([
      // no Date: the internal date, the earliest of all; equal, so in sequence order; no subject, so not gathered
      "(29)",
      "(30)",
      // 2 and 4 both sent at 10:00 UTC: sequence order; 5 keeps 2 as parent (1.A) and
      // its missing first reference goes (step 3); 6, "[Fwd: Project plan]", is a reply that joins by subject (5.C)
      "(1 (2 (3)(5))(4)(6))",
      // 7 and 8 share a missing parent: a dummy; 9, not a reply, has the dummy's subject: it joins the dummy (5.C)
      "((9)(7)(8))",
      // two missing ancestors: the only child is promoted to the top (step 3)
      "(10)",
      // 11 and 12 reference each other: the second link would close a loop (1.B)
      "(12 11)",
      // 13's last reference is itself: no parent
      "(13)",
      // 15 (an earlier reply by subject) goes under 14, the first that is not a reply; 16 is no reply either:
      // a dummy over both; 17 (Fwd:) joins the dummy; 18 found 14 through In-Reply-To, References having no msg-id
      "((14 (15)(18))(16)(17))",
      // "[list] Status", "Re: [list] Status" and "Status (fwd)": one base subject, two replies
      "(19 (20)(21))",
      // <"quoted.id"@t.example> is <quoted.id@t.example>
      "(22 23)",
      // a second <a@t.example>: no id of its own, and not message 1
      "(24)",
      // two dummies of one subject merge (5.C)
      "((25)(26)(27)(28))",
    ]);
  });
});

function craftedSample(crafted: Crafted, i: number): Sample {
  const header = Object.entries({ From: "Someone <someone@t.example>", To: "alice@t.example", ...crafted.headers }).map(([name, value]) => `${name}: ${value}`);
  const raw = Buffer.from([...header, "", `${crafted.name}.`, ""].join("\r\n"));
  return { raw, internalDate: minute(crafted.internalMinute ?? i) };
}

function minute(n: number): Date {
  return new Date(FIRST_INTERNAL_DATE + n * 60_000);
}

/** The untagged THREAD response of a command, without its CRLF; the command must succeed. */
async function threadLine(client: RawImapClient, command: string): Promise<string> {
  const output = (await client.command([command])).toString("latin1");
  expectTaggedOk(Buffer.from(output, "latin1"));
  const lines = output.split("\r\n").filter((line) => line.startsWith("* THREAD"));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** The top-level threads each answer has and the other lacks, or where their order parts, for a readable failure. */
function describeDifference(dovecot: string, ours: string): string {
  const theirs = splitThreads(dovecot.replace(/^\* THREAD ?/, ""));
  const mine = splitThreads(ours.replace(/^\* THREAD ?/, ""));
  const onlyTheirs = theirs.filter((thread) => !mine.includes(thread));
  const onlyOurs = mine.filter((thread) => !theirs.includes(thread));
  if (onlyTheirs.length > 0 || onlyOurs.length > 0) return `THREAD answers differ\n  only Dovecot: ${onlyTheirs.join(" ")}\n  only ours:    ${onlyOurs.join(" ")}`;
  const at = theirs.findIndex((thread, i) => thread !== mine[i]);
  return `THREAD answers order the same threads differently, from thread ${at + 1}\n  Dovecot: ${theirs.slice(at, at + 4).join("")}\n  ours:    ${mine.slice(at, at + 4).join("")}`;
}

/** The top-level thread-lists of a thread-data value. */
function splitThreads(text: string): string[] {
  const threads: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(" && depth++ === 0) start = i;
    if (text[i] === ")" && --depth === 0) threads.push(text.slice(start, i + 1));
  }
  return threads;
}

/** The unfolded value of the message's first header field of this name, or null. */
function readHeader(raw: Buffer, name: string): string | null {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const fields = (end < 0 ? text : text.slice(0, end)).replace(/\r\n[ \t]/g, " ").split("\r\n");
  const field = fields.find((line) => line.toLowerCase().startsWith(`${name}:`));
  return field === undefined ? null : field.slice(name.length + 1).trim();
}


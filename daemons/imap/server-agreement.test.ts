import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locateCorpus, sampleCorpus } from "../../scripts/test-support/corpus.ts";
import { flattenItem } from "../../scripts/test-support/diff-fetch-values.ts";
import {
  compareFetchedItem,
  createAgreementTally,
  explainSearchDifference,
  summarizeTally,
  type AgreementSample,
} from "../../scripts/test-support/known-dovecot-differences.ts";
import { expectTaggedOk, readFetchItems, readWireValue, type RawImapClient } from "../../scripts/test-support/raw-imap-client.ts";
import { appendSamples, startSideBySideImap, type SideBySideImap } from "../../scripts/test-support/side-by-side-imap.ts";

// Our IMAP server against Dovecot, both over the wire: the same corpus messages APPENDed to each,
// in the same order, with the same INTERNALDATE and flags (so UIDs line up and SEARCH on flags and
// dates means something), then per UID the FETCH items below and the answers to a spread of UID
// SEARCH criteria. FETCH items may differ only as KNOWN_DIFFERENCES in
// scripts/test-support/known-dovecot-differences.ts allow (the list dovecot-agreement.test.ts uses
// for our formatters), SEARCH answers only as KNOWN_SEARCH_DIFFERENCES there allow; anything else
// fails. Every search must find some messages and not all, unless marked otherwise, so that it can
// tell two answers apart.
//
// By default the first 30 messages of each corpus directory (the sample dovecot-agreement.test.ts
// takes), some seconds; SERVER_AGREEMENT_ALL=1 takes all 6,046 (a minute or two).

const MESSAGES_PER_DIRECTORY = 30;
const isWholeCorpus = Boolean(process.env.SERVER_AGREEMENT_ALL);
/**
 * Internal dates from here, 7 hours apart: about six weeks for the default sample, at every hour of
 * the day, and all in the past (Dovecot takes the time of the APPEND for a date in the future).
 */
const FIRST_INTERNAL_DATE = Date.UTC(2020, 0, 1);
const INTERNAL_DATE_STEP_MS = 7 * 60 * 60 * 1000;
const HEADER_FIELDS = "From To Subject Date Message-ID Content-Type";
const FETCH_ITEMS = `ENVELOPE BODYSTRUCTURE BODY.PEEK[1.MIME] BODY.PEEK[HEADER.FIELDS (${HEADER_FIELDS})] RFC822.SIZE`;

/** What a search must find in the sample, so that a wrong answer cannot pass as an empty or a full one. */
type Expected = "some" | "all" | "none";

/** UID SEARCH criteria, with terms taken from the corpus sample; quoted strings with non-ASCII text go as literals. */
const SEARCHES: [criteria: string, expected: Expected][] = [
  ["ALL", "all"],
  // address and subject fields: addresses, display names, list tags, RFC 2047 words
  ['FROM "DeepEddy.Com"', "some"],
  ['FROM "martin adamson"', "some"],
  ['FROM "lockergnome"', "some"],
  ['TO "ilug@linux.ie"', "some"],
  ['TO "spamassassin.taint.org"', "some"],
  ['CC "exmh-workers"', "some"],
  ['SUBJECT "[ILUG]"', "some"],
  ['SUBJECT "new sequences window"', "some"],
  ['CHARSET UTF-8 FROM "Höhn"', "some"],
  ['SUBJECT "no such subject anywhere"', "none"],
  // text of the body, and of header and body
  ['BODY "sequences"', "some"],
  ['BODY "unsubscribe"', "some"],
  ['TEXT "exmh"', "some"],
  ['TEXT "linux.ie"', "some"],
  // header fields by name: present at all, and holding a text
  ['HEADER "X-Mailer" ""', "some"],
  ['HEADER "List-Id" "ilug"', "some"],
  ['HEADER "Message-ID" "yahoo"', "some"],
  // sizes
  ["LARGER 10000", "some"],
  ["SMALLER 3000", "some"],
  ["LARGER 3000 SMALLER 5000", "some"],
  // Date: header and internal date, by day
  ["SENTBEFORE 1-Jul-2002", "some"],
  ["SENTSINCE 22-Aug-2002", "some"],
  ["SENTON 22-Aug-2002", "some"],
  ["SENTON 10-Jul-2002", "some"],
  ["BEFORE 15-Jan-2020", "some"],
  ["SINCE 1-Feb-2020", "some"],
  ["ON 10-Jan-2020", "some"],
  // flags, as APPEND set them
  ["SEEN", "some"],
  ["UNSEEN", "some"],
  ["FLAGGED", "some"],
  ["UNANSWERED", "some"],
  ["DRAFT", "some"],
  ["DELETED", "some"],
  ["KEYWORD $Label1", "some"],
  ["UNKEYWORD Work", "some"],
  ["NEW", "some"],
  ["RECENT", "all"],
  ["OLD", "none"],
  // NOT, OR and lists, with header and text keys inside them
  ['NOT FROM "DeepEddy"', "some"],
  ['OR FROM "linux.ie" SUBJECT "Solaris"', "some"],
  ['NOT TO "zzzzteana"', "some"],
  ['OR BODY "windows" HEADER "X-Mailer" "Microsoft"', "some"],
  ["OR SEEN FLAGGED", "some"],
  ["NOT (SEEN FLAGGED)", "some"],
  ['OR (FROM "DeepEddy" UNSEEN) (SUBJECT "ILUG" SEEN)', "some"],
  ["NOT OR DRAFT DELETED", "some"],
  ['SUBJECT "ILUG" SENTSINCE 21-Aug-2002 UNSEEN', "some"],
  ['BODY "linux" NOT BODY "windows"', "some"],
  ['TEXT "spamassassin" LARGER 5000 NOT KEYWORD $Label1', "some"],
  // message numbers and UIDs
  ["1:10", "some"],
  ["5,7,9:12", "some"],
  ["*", "some"],
  ["100:*", "some"],
  ["2:40 UID 30:60", "some"],
  ["UID 20:40", "some"],
  ["UID 1,3,5", "some"],
  ["UID *", "some"],
  ["UID 60:10", "some"],
  ['UID 1:100 OR TO "ilug" KEYWORD Work', "some"],
];

describe("FETCH and SEARCH agree with Dovecot over the wire", () => {
  const corpus = locateCorpus();
  if ("reason" in corpus) throw new Error(`SpamAssassin corpus unavailable: ${corpus.reason}`);
  const samples = sampleCorpus(corpus, isWholeCorpus ? Infinity : MESSAGES_PER_DIRECTORY);
  let servers: SideBySideImap;
  let theirs: RawImapClient;
  let ours: RawImapClient;

  beforeAll(async () => {
    servers = await startSideBySideImap();
    ({ theirs, ours } = servers);
    const appended = samples.map((sample, i) => ({ raw: sample.raw, internalDate: new Date(FIRST_INTERNAL_DATE + i * INTERNAL_DATE_STEP_MS), flags: flagsOf(i) }));
    await Promise.all([appendSamples(theirs, appended), appendSamples(ours, appended)]);
  }, isWholeCorpus ? 600_000 : 120_000);

  afterAll(async () => {
    await servers?.close();
  });

  it(`both servers hold the ${samples.length} messages under the same UIDs, with the same internal dates and flags`, async () => {
    // RFC 9051 §2.3.2: a message's flags are a set ("a list of zero or more named tokens"), so their order says nothing
    const sortFlags = (line: string) => line.replace(/FLAGS \(([^)]*)\)/, (_, flags: string) => `FLAGS (${flags.split(" ").sort().join(" ")})`);
    const listing = async (client: RawImapClient) => (await client.command(["UID FETCH 1:* (INTERNALDATE FLAGS)"])).toString("latin1").match(/^\* \d+ FETCH .*$/gm)?.map(sortFlags);
    const [dovecotListing, ourListing] = await Promise.all([listing(theirs), listing(ours)]);
    expect(ourListing).toEqual(dovecotListing);
    expect(ourListing).toHaveLength(samples.length);
  });

  it(`FETCH (${FETCH_ITEMS}) per UID`, async () => {
    const command = `UID FETCH 1:* (${FETCH_ITEMS})`;
    const [dovecotAnswer, ourAnswer] = await Promise.all([theirs.command([command]), ours.command([command])]);
    const dovecotItems = itemsByUid(expectTaggedOk(dovecotAnswer));
    const ourItems = itemsByUid(expectTaggedOk(ourAnswer));
    expect([...ourItems.keys()]).toEqual(samples.map((_, i) => i + 1));
    expect([...dovecotItems.keys()]).toEqual(samples.map((_, i) => i + 1));
    const tally = createAgreementTally();
    samples.forEach((sample, i) => {
      const [mine, them] = [ourItems.get(i + 1)!, dovecotItems.get(i + 1)!];
      expect([...mine.keys()].sort(), sample.name).toEqual([...them.keys()].sort());
      for (const [name, value] of them) compareFetchedItem(tally, sample, name, value, mine.get(name)!);
    });
    console.log(summarizeTally("server agreement", tally));
    expect(tally.unexplained).toEqual([]);
  });

  it.each(SEARCHES)("UID SEARCH %s", async (criteria, expected) => {
    const [dovecotUids, ourUids] = await Promise.all([searchUids(theirs, criteria), searchUids(ours, criteria)]);
    if (expected === "all") expect(dovecotUids).toHaveLength(samples.length);
    if (expected === "none") expect(dovecotUids).toEqual([]);
    if (expected === "some") {
      expect(dovecotUids.length).toBeGreaterThan(0);
      expect(dovecotUids.length).toBeLessThan(samples.length);
    }
    const { explained, unexplained } = await explainDifferences(theirs, samples, criteria, dovecotUids, ourUids);
    if (explained.size > 0) console.log(`UID SEARCH ${criteria}: differences by kind: ${JSON.stringify(Object.fromEntries(explained))}`);
    expect(unexplained).toEqual([]);
  });
});

/**
 * The messages only one server found for the criteria, each of a known kind or described for the
 * failure. The known kinds look at how Dovecot read the message: its ENVELOPE and BODYSTRUCTURE.
 */
async function explainDifferences(dovecot: RawImapClient, samples: AgreementSample[], criteria: string, dovecotUids: number[], ourUids: number[]) {
  const [dovecotSet, ourSet] = [new Set(dovecotUids), new Set(ourUids)];
  const foundBy = new Map<number, "dovecot" | "ours">();
  for (const uid of dovecotUids) if (!ourSet.has(uid)) foundBy.set(uid, "dovecot");
  for (const uid of ourUids) if (!dovecotSet.has(uid)) foundBy.set(uid, "ours");
  const explained = new Map<string, number>();
  const unexplained: string[] = [];
  if (foundBy.size === 0) return { explained, unexplained };
  const dovecotItems = itemsByUid(expectTaggedOk(await dovecot.command([`UID FETCH ${[...foundBy.keys()].join(",")} (ENVELOPE BODYSTRUCTURE)`])));
  for (const [uid, side] of foundBy) {
    const sample = samples[uid - 1];
    const items = dovecotItems.get(uid);
    const read = (item: "ENVELOPE" | "BODYSTRUCTURE") => flattenItem(item, readWireValue(items!.get(item)!, 0).value);
    const kind = sample && items && explainSearchDifference({ criteria, sample, foundBy: side, dovecotEnvelope: read("ENVELOPE"), dovecotBodyStructure: read("BODYSTRUCTURE") });
    if (kind) explained.set(kind, (explained.get(kind) ?? 0) + 1);
    else unexplained.push(`UID ${uid} (${sample?.name ?? "no such message"}) found only by ${side === "dovecot" ? "Dovecot" : "us"}`);
  }
  return { explained, unexplained };
}

/** RFC 9051 flags for the i-th message: each system flag and two keywords on a different share of the messages. */
function flagsOf(i: number): string[] {
  const flags: [string, boolean][] = [
    ["\\Seen", i % 3 !== 0],
    ["\\Answered", i % 5 === 1],
    ["\\Flagged", i % 7 === 0],
    ["\\Deleted", i % 13 === 6],
    ["\\Draft", i % 11 === 4],
    ["$Label1", i % 4 === 2],
    ["Work", i % 6 === 3],
  ];
  return flags.filter(([, isSet]) => isSet).map(([flag]) => flag);
}


/** The FETCH items of a UID FETCH answer by UID, without the UID item itself. */
function itemsByUid(output: Buffer): Map<number, Map<string, Buffer>> {
  const byUid = new Map<number, Map<string, Buffer>>();
  for (const items of readFetchItems(output).values()) {
    const uid = Number(items.get("UID")?.toString("latin1"));
    items.delete("UID");
    byUid.set(uid, items);
  }
  return new Map([...byUid].sort(([a], [b]) => a - b));
}

/** The UIDs a UID SEARCH finds; a quoted string with non-ASCII text is sent as a LITERAL+ (RFC 7888) in UTF-8. */
async function searchUids(client: RawImapClient, criteria: string): Promise<number[]> {
  const pieces: (string | Buffer)[] = ["UID SEARCH "];
  for (const piece of criteria.split(/("[^"]*")/)) {
    if (!/^"[^"]*[^\x20-\x7e][^"]*"$/.test(piece)) {
      pieces.push(piece);
      continue;
    }
    const text = Buffer.from(piece.slice(1, -1), "utf8");
    pieces.push(`{${text.length}+}\r\n`, text);
  }
  const output = expectTaggedOk(await client.command(pieces)).toString("latin1");
  const line = output.split("\r\n").find((response) => /^\* SEARCH\b/.test(response));
  if (line === undefined) throw new Error(`no SEARCH response to UID SEARCH ${criteria}`);
  return line.replace(/^\* SEARCH ?/, "").split(" ").filter(Boolean).map(Number).sort((a, b) => a - b);
}

import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessage } from "../../../lib/mime/parse-message.ts";
import { locateCorpus, sampleCorpus } from "../../../scripts/test-support/corpus.ts";
import type { FetchItem } from "../../../scripts/test-support/diff-fetch-values.ts";
import { startDovecot, type LocalDovecot } from "../../../scripts/test-support/dovecot.ts";
import { compareStructureItem, createAgreementTally, summarizeTally, type AgreementSample } from "../../../scripts/test-support/known-dovecot-differences.ts";
import { expectTaggedOk, logInRawImap, readFetchItems, type RawImapClient } from "../../../scripts/test-support/raw-imap-client.ts";
import { CRAFTED_MESSAGES } from "./dovecot-agreement-messages.ts";
import { formatBodyStructure } from "./format-body-structure.ts";
import { formatEnvelope } from "./format-envelope.ts";
import { joinResponsePieces } from "./response-values.ts";

// Our ENVELOPE, BODYSTRUCTURE and BODY against Dovecot's for the same messages, compared as raw bytes:
// real mail from the SpamAssassin corpus, and messages written here for the cases the corpus lacks.
// Where the bytes differ, every difference must be of a kind listed in
// scripts/test-support/known-dovecot-differences.ts, matched narrowly, with the RFC clause that
// makes both answers valid; anything else fails the test. server-agreement.test.ts compares the same
// items as our server sends them.
//
// By default the first 30 messages of each corpus directory; DOVECOT_AGREEMENT_ALL=1 runs all 6,046,
// and DOVECOT_AGREEMENT_REPORT=file writes the unexplained differences there, one a line.

const MESSAGES_PER_DIRECTORY = 30;
const FETCH_ITEMS: FetchItem[] = ["ENVELOPE", "BODYSTRUCTURE", "BODY"];

describe("ENVELOPE, BODYSTRUCTURE and BODY agree with Dovecot", () => {
  const corpus = locateCorpus();
  const perDirectory = process.env.DOVECOT_AGREEMENT_ALL ? Infinity : MESSAGES_PER_DIRECTORY;
  const corpusSamples: AgreementSample[] = "reason" in corpus ? [] : sampleCorpus(corpus, perDirectory);
  const craftedSamples: AgreementSample[] = CRAFTED_MESSAGES.map(({ name, raw }) => ({ name: `crafted: ${name}`, raw }));
  const samples = [...craftedSamples, ...corpusSamples];
  let dovecot: LocalDovecot;
  let client: RawImapClient;

  beforeAll(async () => {
    dovecot = await startDovecot();
    const [user] = dovecot.users;
    client = await logInRawImap(dovecot.host, dovecot.imapPort, `LOGIN ${user!.name} ${user!.password}`);
    for (const sample of samples) {
      // LITERAL+ (RFC 7888), which Dovecot announces: no wait for a continuation per message
      expectTaggedOk(await client.command([`APPEND INBOX {${sample.raw.length}+}\r\n`, sample.raw]));
    }
    expectTaggedOk(await client.command(["SELECT INBOX"]));
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await dovecot?.close();
  });

  it(`for ${craftedSamples.length} messages written for the edge cases`, async () => {
    const outcome = await compareWithDovecot(client, samples, 0, craftedSamples.length);
    expect(outcome.unexplained).toEqual([]);
  });

  it.skipIf("reason" in corpus)(`for ${corpusSamples.length} corpus messages`, async () => {
    const outcome = await compareWithDovecot(client, samples, craftedSamples.length, samples.length);
    if (process.env.DOVECOT_AGREEMENT_REPORT) writeFileSync(process.env.DOVECOT_AGREEMENT_REPORT, outcome.unexplained.join("\n"));
    expect(outcome.unexplained).toEqual([]);
  }, 120_000);
});

/** FETCHes samples[from..to) (message numbers from+1..to) from Dovecot and compares each item with ours. */
async function compareWithDovecot(client: RawImapClient, samples: AgreementSample[], from: number, to: number): Promise<{ unexplained: string[] }> {
  const fetched = readFetchItems(await client.command([`FETCH ${from + 1}:${to} (${FETCH_ITEMS.join(" ")})`]));
  const tally = createAgreementTally();
  for (let i = from; i < to; i++) {
    const sample = samples[i]!;
    const parsed = parseMessage(sample.raw);
    for (const item of FETCH_ITEMS) {
      const theirs = fetched.get(i + 1)?.get(item);
      if (!theirs) throw new Error(`Dovecot sent no ${item} for ${sample.name}`);
      const ours = joinResponsePieces(item === "ENVELOPE" ? formatEnvelope(parsed.envelope) : formatBodyStructure(parsed.root, item === "BODYSTRUCTURE"));
      compareStructureItem(tally, sample, item, theirs, ours);
    }
  }
  console.log(summarizeTally("dovecot agreement", tally));
  return { unexplained: tally.unexplained };
}

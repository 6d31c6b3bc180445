import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { listMessageSummaries, readMessageSection } from "./read-message.ts";
import { searchMessages } from "./search-messages.ts";
import { resolveSection } from "../mime/resolve-section.ts";
import type { MimePart } from "../mime/message-index.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";
import { locateCorpus } from "../../scripts/test-support/corpus.ts";

// The whole SpamAssassin corpus through the one write path, on this run's database. The parser's
// offsets are checked against an independent splitter in lib/mime/parse-message.corpus.test.ts;
// here every byte comes back through the store: the raw message, and each part's HEADER, MIME and
// body section read by stored offsets from the blob.

const corpus = locateCorpus();

function sectionsOf(root: MimePart): string[] {
  const sections: string[] = [];
  const visit = (part: MimePart) => {
    if (part.section !== "") sections.push(part.section, `${part.section}.MIME`);
    for (const child of part.children ?? []) visit(child);
    if (part.message) for (const child of part.message.root.children ?? []) visit(child);
  };
  visit(root);
  return ["", "HEADER", "TEXT", ...new Set(sections)];
}

describe(`the corpus through the store (${process.env.TEST_DB ?? "sqlite"})`, () => {
  if ("reason" in corpus) {
    console.warn(`store corpus test not run: ${corpus.reason}`);
    it.skip(`needs the corpus: ${corpus.reason}`, () => {});
    return;
  }
  const files = corpus.directories.flatMap((directory) => directory.files);

  it("ingests every message and gives back every byte and every section exactly", async () => {
    const store = await createTestStore({ quotaBytes: 1n << 40n });
    const { deps, mailboxId } = store;
    const raws = files.map((file) => readFileSync(file));
    for (const raw of raws) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "import" });

    const summaries = await listMessageSummaries(deps, { mailboxId, folder: "INBOX", uids: [[1, raws.length]] });
    expect(summaries).toHaveLength(raws.length);
    let sectionsChecked = 0;
    for (const [i, summary] of summaries.entries()) {
      const raw = raws[i]!;
      // Buffer.equals, not toEqual: vitest's deep equality walks a Buffer byte by byte.
      const whole = await readMessageSection(deps, { mailboxId, folder: "INBOX", uid: summary.uid, section: "" });
      if (!whole?.equals(raw)) expect.fail(`${files[i]}: stored bytes differ from the original`);
      // Every fifth message: all its sections (the full set takes minutes on PostgreSQL).
      if (i % 5 !== 0) continue;
      for (const section of sectionsOf(summary.bodyStructure)) {
        const range = resolveSection(summary.bodyStructure, section);
        const bytes = await readMessageSection(deps, { mailboxId, folder: "INBOX", uid: summary.uid, section });
        const expected = range ? raw.subarray(range.start, range.end) : null;
        if (expected === null ? bytes !== null : !bytes?.equals(expected)) expect.fail(`${files[i]} [${section}]: section bytes differ`);
        sectionsChecked += 1;
      }
    }
    console.log(`store corpus: ${raws.length} messages byte-exact, ${sectionsChecked} sections checked`);

    // Partial fetches read only the asked-for bytes.
    expect(await readMessageSection(deps, { mailboxId, folder: "INBOX", uid: 1, section: "", partial: { offset: 10, length: 20 } })).toEqual(raws[0]!.subarray(10, 30));
    // And the index answers searches over real mail.
    const subject = summaries[3]!.envelope.subject ?? "";
    const word = subject.split(/[^A-Za-z0-9]+/).find((w) => w.length >= 5) ?? subject;
    console.log(`store corpus: searching Subject for ${JSON.stringify(word)} (from ${JSON.stringify(subject)})`);
    const hits = await searchMessages(deps, { mailboxId, folder: "INBOX", key: { type: "header", field: "subject", value: word } });
    expect(hits).toContain(summaries[3]!.uid);
  }, 600_000);
});

// Scores every message of the SpamAssassin public corpus (spam-1, spam-2 against easy-ham-1,
// easy-ham-2, hard-ham-1) and checks that the built-in rules tell the two apart. The corpus has no
// SMTP session, so authentication, DNSBL and HELO rules are idle here: this measures the content rules.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDateHeader } from "../../mime/parse-date-header.ts";
import { readFieldValue } from "../../mime/read-field-value.ts";
import { readHeaderBlock } from "../../mime/read-header-block.ts";
import { scoreMessage } from "./score-message.ts";
import { corpusFiles } from "../../../scripts/test-support/corpus.ts";

/** The score from which the figures below count a message as flagged. */
const THRESHOLD = 2;

/**
 * When the corpus owner's MX received the message: the newest Received header that is not a hop on
 * the owner's own machine (fetchmail pulled these into a local Postfix, often hours later). Without
 * it the Date rules would judge 2002's mail against today.
 */
function readArrival(raw: Buffer): Date | undefined {
  const { fields } = readHeaderBlock(raw, 0);
  for (const field of fields) {
    if (field.name !== "received") continue;
    const value = readFieldValue(raw, field);
    if (/localhost|127\.0\.0\.1|fetchmail/i.test(value)) continue;
    const date = parseDateHeader(value.slice(value.lastIndexOf(";") + 1));
    return date ? new Date(date) : undefined;
  }
  return undefined;
}

function readMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function share(values: number[], isCounted: (value: number) => boolean): number {
  return values.filter(isCounted).length / values.length;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

describe("scoreMessage on the SpamAssassin public corpus", () => {
  it("scores spam clearly above ham", () => {
    const scores = { spam: [] as number[], ham: [] as number[] };
    const hitCounts = new Map<string, { spam: number; ham: number }>();
    const start = performance.now();
    for (const file of corpusFiles()) {
      // the corpus's own directory names: spam-1, spam-2; easy-ham-1, easy-ham-2, hard-ham-1
      const kind = path.basename(path.dirname(file)).startsWith("spam-") ? "spam" : "ham";
      const raw = readFileSync(file);
      const result = scoreMessage({
        raw,
        authentication: { spf: "none", dkim: "none", dmarc: "none", arc: "none" },
        dnsblListings: [],
        clientIp: "192.0.2.10",
        helo: "mail.example.com",
        mailFrom: "sender@example.com",
        receivedAt: readArrival(raw),
      });
      scores[kind].push(result.score);
      for (const hit of result.hits) {
        const counts = hitCounts.get(hit.name) ?? { spam: 0, ham: 0 };
        counts[kind]++;
        hitCounts.set(hit.name, counts);
      }
    }
    const seconds = (performance.now() - start) / 1000;

    const spamMedian = readMedian(scores.spam);
    const hamMedian = readMedian(scores.ham);
    const spamCaught = share(scores.spam, (score) => score >= THRESHOLD);
    const hamFlagged = share(scores.ham, (score) => score >= THRESHOLD);
    const ruleLines = [...hitCounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, counts]) => `  ${name.padEnd(26)} spam ${percent(counts.spam / scores.spam.length).padStart(6)}  ham ${percent(counts.ham / scores.ham.length).padStart(6)}`);
    console.log(
      [
        `corpus: ${scores.spam.length} spam, ${scores.ham.length} ham, scored in ${seconds.toFixed(1)} s`,
        `median score: spam ${spamMedian}, ham ${hamMedian}`,
        `at ${THRESHOLD} points: ${percent(spamCaught)} of spam caught, ${percent(hamFlagged)} of ham flagged`,
        "rule hits:",
        ...ruleLines,
      ].join("\n"),
    );

    expect(scores.spam.length).toBeGreaterThan(1000);
    expect(scores.ham.length).toBeGreaterThan(3000);
    expect(spamMedian).toBeGreaterThanOrEqual(hamMedian + 1);
    expect(spamCaught).toBeGreaterThan(0.3);
    expect(hamFlagged).toBeLessThan(0.02);
  });
});

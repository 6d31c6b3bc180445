import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSpamd, type LocalSpamd } from "../../scripts/test-support/local-spamd.ts";
import { createSpamJudge } from "./judge-spam.ts";
import type { ScoreInput } from "./score/score-types.ts";

const GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

let spamd: LocalSpamd;
beforeAll(async () => {
  spamd = await startLocalSpamd();
}, 60_000);
afterAll(() => spamd?.stop());

const input = (body: string): ScoreInput => ({
  raw: Buffer.from(`From: a@sender.example\r\nTo: b@example.test\r\nSubject: test\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <1@sender.example>\r\n\r\n${body}\r\n`),
  authentication: { spf: "pass", dkim: "none", dmarc: "none", arc: "none" },
  dnsblListings: [],
  clientIp: "192.0.2.10",
  helo: "mail.sender.example",
  mailFrom: "a@sender.example",
});

describe("createSpamJudge", () => {
  it("adds spamd's score to the built-in rules as one SPAMD hit", async () => {
    const builtIn = await createSpamJudge()(input(GTUBE));
    const judged = await createSpamJudge({ spamd: { host: spamd.host, port: spamd.port, timeoutMs: 20_000 } })(input(GTUBE));
    const hit = judged.hits.find((h) => h.name === "SPAMD");
    expect(hit?.score).toBeGreaterThanOrEqual(1000);
    expect(hit?.description).toContain("GTUBE");
    expect(judged.score).toBeCloseTo(builtIn.score + hit!.score, 1);
  }, 30_000);

  it("falls back to the built-in rules when spamd cannot be reached, and says so", async () => {
    const errors: unknown[] = [];
    const judge = createSpamJudge({ spamd: { host: "127.0.0.1", port: 1, timeoutMs: 1_000 }, onSpamdError: (error) => errors.push(error) });
    const judged = await judge(input("An ordinary note."));
    expect(judged).toEqual(await createSpamJudge()(input("An ordinary note.")));
    expect(errors).toHaveLength(1);
  });
});

// The MX's built-in spam score: SpamAssassin-style named rules with weights, summed.
import { readMessageFacts } from "./message-facts.ts";
import { BUILT_IN_RULES } from "./rule-set.ts";
import { listDnsblHits } from "./rules/dnsbl.ts";
import type { RuleHit, ScoreInput, ScoreResult } from "./score-types.ts";

/**
 * Scores one inbound message with the built-in rules. Never throws and takes time linear in the
 * message, whatever its bytes: the MX calls it on every delivery, before anything else has
 * vouched for the input.
 */
export function scoreMessage(input: ScoreInput): ScoreResult {
  const facts = readMessageFacts(input);
  const hits: RuleHit[] = BUILT_IN_RULES.filter((rule) => rule.test(facts)).map(({ name, score, description }) => ({ name, score, description }));
  hits.push(...listDnsblHits(input.dnsblListings));
  hits.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const total = hits.reduce((sum, hit) => sum + hit.score, 0);
  // rounding to tenths, as SpamAssassin reports; "+ 0" turns -0 into 0
  return { score: Math.round(total * 10) / 10 + 0, hits };
}

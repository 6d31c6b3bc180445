import { scoreMessage } from "./score/score-message.ts";
import type { RuleHit, ScoreInput, ScoreResult } from "./score/score-types.ts";
import { checkWithSpamd } from "./spamd/spamd-client.ts";

export type SpamJudge = (input: ScoreInput) => Promise<ScoreResult>;
export type SpamdOptions = { host: string; port: number; timeoutMs: number };

/**
 * The MX's spam verdict: the built-in rules, plus SpamAssassin's own score when a spamd is
 * configured (its symbols shown as one SPAMD hit). A spamd that fails or is slow adds nothing:
 * mail is never refused or delayed for want of a second opinion.
 */
export function createSpamJudge(options: { spamd?: SpamdOptions; onSpamdError?: (error: unknown) => void } = {}): SpamJudge {
  return async (input) => {
    const builtIn = scoreMessage(input);
    if (!options.spamd) return builtIn;
    try {
      const verdict = await checkWithSpamd(options.spamd, input.raw);
      const hit: RuleHit = { name: "SPAMD", score: verdict.score, description: `SpamAssassin: ${verdict.symbols.join(",") || "no rules"}` };
      const hits = [...builtIn.hits, hit].sort((a, b) => a.name.localeCompare(b.name));
      return { score: Math.round((builtIn.score + verdict.score) * 10) / 10, hits };
    } catch (error) {
      options.onSpamdError?.(error);
      return builtIn;
    }
  };
}

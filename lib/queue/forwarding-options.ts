import { createHmac } from "node:crypto";
import type { Config } from "../env.ts";
import { ensureAuthSecret } from "../runtime/ensure-auth-secret.ts";
import type { ForwardPolicy } from "../delivery/forward-copies.ts";
import type { SrsOptions } from "./srs.ts";

/**
 * SRS and the forward discard policy from the configuration, the same in every process that
 * queues forwarded copies (the SMTP daemon, the web app's send): SRS needs a key every process of
 * the install shares, the configured one, else one derived from AUTH_SECRET.
 */
export function forwardingOptions(config: Config): { srs: SrsOptions; policy: ForwardPolicy } {
  const srs = { secret: config.queue.srsSecret ?? createHmac("sha256", ensureAuthSecret(config)).update("mailwright srs").digest(), domain: config.queue.srsDomain };
  return { srs, policy: { discardScores: config.queue.forwardDiscardScores, defaultDiscardScore: config.queue.forwardDiscardScore } };
}

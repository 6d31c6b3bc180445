// The contract between the MX and the built-in spam scorer.

import type { AuthVerdict } from "../auth-verdict.ts";
import type { ParsedMessage } from "../../mime/message-index.ts";

export type { AuthVerdict };

/** What the MX knows about one inbound message when it scores it. */
export type ScoreInput = {
  /** The message as received, before our own headers. */
  raw: Buffer;
  /** Its MIME index, when the caller has already made it; else it is parsed here. */
  parsed?: ParsedMessage;
  authentication: { spf: AuthVerdict; dkim: AuthVerdict; dmarc: AuthVerdict; arc: AuthVerdict };
  /** DNSBL zones that list the client IP, with the A record each answered. */
  dnsblListings: { zone: string; answer: string }[];
  clientIp: string;
  helo: string;
  /** The envelope sender; "" for the null sender. */
  mailFrom: string;
  /**
   * When the message arrived, for the rules that judge its Date header; now when left out. Only
   * re-scoring stored mail (and the corpus test) needs to say otherwise.
   */
  receivedAt?: Date;
};

/** One rule that fired: its SpamAssassin-style name, its weight and what it means. */
export type RuleHit = { name: string; score: number; description: string };

/** The total (rounded to 0.1) and the rules that fired, sorted by name. */
export type ScoreResult = { score: number; hits: RuleHit[] };

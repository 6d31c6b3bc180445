// Asks SpamAssassin's spamd for its verdict on a message (the SYMBOLS command of SPAMC/SPAMD protocol 1.5).
//
//   SYMBOLS SPAMC/1.5\r\n
//   Content-length: <bytes of the message>\r\n
//   User: <name>\r\n            (optional: whose preferences spamd applies)
//   \r\n
//   <the message>
import { exchangeWithSpamd } from "./exchange-with-spamd.ts";
import { parseSpamdReply } from "./parse-spamd-reply.ts";
import { SpamdError } from "./spamd-error.ts";

export type SpamdCheckOptions = {
  host: string;
  port: number;
  /** For the whole check, connection to verdict; spamd needs about a second for a typical message. */
  timeoutMs: number;
  /** Whose SpamAssassin preferences spamd applies; spamd's default user when left out. */
  user?: string;
  /** Replies longer than this are refused (default 64 KiB). */
  maxReplyBytes?: number;
};

export type SpamdVerdict = {
  score: number;
  /** spamd's required_score: the message is spam at or above it. */
  threshold: number;
  isSpam: boolean;
  /** Names of the SpamAssassin rules that hit, e.g. ["GTUBE", "MISSING_DATE"]. */
  symbols: string[];
};

/** "True ; 1000.0 / 5.0"; REPORT_IFSPAM says Yes/No instead of True/False. */
const SPAM_HEADER = /^(True|False|Yes|No)\s*;\s*(-?\d+(?:\.\d+)?)\s*\/\s*(-?\d+(?:\.\d+)?)$/i;

/**
 * Checks `raw` with spamd. Rejects with a SpamdError on a refused or broken connection, a timeout,
 * an oversized or malformed reply, or an error status from spamd: the caller should treat any
 * failure as "no spamd verdict", never as a reason to refuse or lose mail.
 */
export async function checkWithSpamd(options: SpamdCheckOptions, raw: Buffer): Promise<SpamdVerdict> {
  const request = Buffer.concat([Buffer.from(writeRequestHead(raw.length, options.user), "latin1"), raw]);
  const reply = parseSpamdReply(await exchangeWithSpamd(options, request));
  const spam = SPAM_HEADER.exec(reply.headers.get("spam") ?? "");
  if (!spam) throw new SpamdError("protocol", `spamd's reply has no valid Spam header (${reply.headers.get("spam") ?? "none"})`);
  return {
    isSpam: /^(true|yes)$/i.test(spam[1]),
    // "+ 0": spamd writes "-0.0" for a score that rounds to zero
    score: Number(spam[2]) + 0,
    threshold: Number(spam[3]),
    symbols: reply.body.split(",").map((symbol) => symbol.trim()).filter(Boolean),
  };
}

function writeRequestHead(length: number, user: string | undefined): string {
  const lines = ["SYMBOLS SPAMC/1.5", `Content-length: ${length}`];
  if (user !== undefined) {
    // a CR or LF would end the header line and let the name inject headers of its own
    if (!/^[\x20-\x7e\xa0-\xff]+$/.test(user)) throw new SpamdError("invalid-request", "spamd user names must be printable, without line breaks");
    lines.push(`User: ${user}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

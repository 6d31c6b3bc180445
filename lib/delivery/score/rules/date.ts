// Rules on the Date header: whether it is well formed, and how far it is from when the message arrived.
import type { MessageFacts } from "../message-facts.ts";
import type { Rule } from "../rule.ts";

/**
 * RFC 5322 §3.3 date-time with the leniencies real mailers need, taken from SpamAssassin's
 * INVALID_DATE (20_head_tests.cf): optional seconds, a leap second, "AM/PM", zone names, a trailing comment.
 */
const WELL_FORMED_DATE =
  /^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?\s*(?:[12]\d|3[01]|0?[1-9])\s+(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)\s+(?:19[7-9]\d|2\d{3})\s+(?:[01]?\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60))?(?:\s+[AP]M)?(?:\s+(?:[+-]\d{4}|UT|[A-Z]{2,3}T|0000 GMT|"GMT"))?(?:\s*\([^()]*\))?\s*$/i;

/** A Date header longer than this is not a date; the pattern never sees it. */
const MAX_DATE_LENGTH = 256;

/** Hours between the Date header and the arrival, [from, to), with the weight of each bucket. */
const HOURS_BUCKETS: { from: number; to: number; future: number; past: number }[] = [
  { from: 3, to: 6, future: 2.0, past: 0.1 },
  { from: 6, to: 12, future: 2.0, past: 0.1 },
  { from: 12, to: 24, future: 2.5, past: 0.2 },
  { from: 24, to: 48, future: 2.5, past: 0.2 },
  { from: 48, to: 96, future: 2.5, past: 0.3 },
  { from: 96, to: Infinity, future: 3.0, past: 0.3 },
];

export const DATE_RULES: Rule[] = [
  {
    name: "INVALID_DATE",
    score: 1.5,
    description: "Invalid Date: header (not RFC 5322)",
    test: ({ message }) => message.envelope.date !== null && !isWellFormedDate(message.envelope.date),
  },
  // a sender's clock is rarely hours ahead; spamware sets dates ahead to sort first in the inbox.
  // Dates in the past weigh little: moderated lists, queues and retries hold real mail for hours or
  // days (in the SpamAssassin corpus 19% of ham is over 96 hours old when it arrives, 5% of spam).
  ...HOURS_BUCKETS.map(({ from, to, future }) => makeDateRule("FUTURE", from, to, future)),
  ...HOURS_BUCKETS.map(({ from, to, past }) => makeDateRule("PAST", from, to, past)),
];

function isWellFormedDate(value: string): boolean {
  return value.length <= MAX_DATE_LENGTH && WELL_FORMED_DATE.test(value);
}

function makeDateRule(direction: "FUTURE" | "PAST", from: number, to: number, score: number): Rule {
  const span = `${pad(from)}_${to === Infinity ? "XX" : pad(to)}`;
  const range = to === Infinity ? `${from} hours or more` : `${from} to ${to} hours`;
  return {
    name: `DATE_IN_${direction}_${span}`,
    score,
    description: `Date: is ${range} ${direction === "FUTURE" ? "after" : "before"} the message arrived`,
    test: (facts) => {
      const hours = readHoursAhead(facts);
      if (hours === null) return false;
      const distance = direction === "FUTURE" ? hours : -hours;
      return distance >= from && distance < to;
    },
  };
}

/** How many hours the Date header is ahead of the arrival (negative: behind), or null without a usable date. */
function readHoursAhead({ message, receivedAt }: MessageFacts): number | null {
  if (message.sentDate === null) return null;
  return (Date.parse(message.sentDate) - receivedAt) / 3_600_000;
}

function pad(hours: number): string {
  return String(hours).padStart(2, "0");
}

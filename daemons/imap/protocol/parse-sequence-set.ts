// sequence-set = (seq-number / seq-range) ["," sequence-set] / "$"     (RFC 9051 §9, RFC 5182)
// seq-range = seq-number ":" seq-number;  seq-number = nz-number / "*"

import type { SequenceNumber, SequenceRange, SequenceSet } from "./command.ts";
import type { TokenCursor } from "./parse-tokens.ts";

const MAX_NZ_NUMBER = 4294967295;

export type SequenceSetOptions = {
  /** QRESYNC known-uids and seq-match-data allow neither "*" nor "$" (RFC 7162 §3.2.5). */
  allowsStarAndSaved: boolean;
};

/**
 * Reads a sequence set. The token runs over digits, ":", ",", "*" and "$" and must then end (at SP,
 * ")" or the end of the command); anything else makes the whole set invalid.
 */
export function readSequenceSet(cursor: TokenCursor, what = "sequence set", options: SequenceSetOptions = { allowsStarAndSaved: true }): SequenceSet | null {
  const token = cursor.readWhile(isSequenceSetByte);
  if (token === "") return cursor.failAt(what);
  const next = cursor.peekByte();
  if (next !== -1 && next !== 0x20 && next !== 0x29) return cursor.fail(`Invalid ${what}`);
  const set = parseSequenceSet(token, options);
  return set ?? cursor.fail(`Invalid ${what}`);
}

/** Parses a whole sequence-set token, e.g. "1:4,7,9:*" or "$"; null when malformed. */
export function parseSequenceSet(token: string, { allowsStarAndSaved }: SequenceSetOptions = { allowsStarAndSaved: true }): SequenceSet | null {
  if (token === "$") return allowsStarAndSaved ? { saved: true } : null;
  const ranges: SequenceRange[] = [];
  for (const item of token.split(",")) {
    const bounds = item.split(":");
    if (bounds.length > 2) return null;
    const first = parseSequenceNumber(bounds[0]!, allowsStarAndSaved);
    const last = bounds.length === 2 ? parseSequenceNumber(bounds[1]!, allowsStarAndSaved) : first;
    if (first === null || last === null) return null;
    ranges.push([first, last]);
  }
  return { ranges };
}

function parseSequenceNumber(text: string, allowsStar: boolean): SequenceNumber | null {
  if (text === "*") return allowsStar ? "*" : null;
  if (!/^[0-9]+$/.test(text)) return null;
  // Leading zeros spell the same number; past ten significant digits it cannot be an nz-number.
  const significant = text.replace(/^0+(?=.)/, "");
  if (significant.length > 10) return null;
  const value = Number(significant);
  return value >= 1 && value <= MAX_NZ_NUMBER ? value : null;
}

function isSequenceSetByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x3a) || byte === 0x2c || byte === 0x2a || byte === 0x24;
}

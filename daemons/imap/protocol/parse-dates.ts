// The two date forms of IMAP commands (RFC 9051 §9, RFC 3501 §9):
//   date      = date-text / DQUOTE date-text DQUOTE          ; SEARCH BEFORE/ON/SINCE/SENT*
//   date-text = date-day "-" date-month "-" date-year        ; date-day = 1*2DIGIT
//   date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE   ; APPEND
// Month names are case-insensitive, as every ABNF literal string is (RFC 5234 §2.3).

import type { TokenCursor } from "./parse-tokens.ts";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** A SEARCH date, bare or quoted, as "YYYY-MM-DD". */
export function readSearchDate(cursor: TokenCursor, what = "date"): string | null {
  const text = cursor.isAt('"') ? cursor.readQuoted(what) : cursor.readAtom(what);
  if (text === null) return null;
  return parseDateText(text) ?? cursor.fail(`Invalid ${what}`);
}

/** An APPEND date-time: always quoted. */
export function readDateTime(cursor: TokenCursor, what = "date-time"): Date | null {
  const text = cursor.readQuoted(what);
  if (text === null) return null;
  return parseDateTime(text) ?? cursor.fail(`Invalid ${what}`);
}

/** "1-Feb-1994" → "1994-02-01"; null for malformed text or a day the month does not have. */
export function parseDateText(text: string): string | null {
  const match = /^([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const month = MONTHS.indexOf(match[2]!.toUpperCase()) + 1;
  const year = Number(match[3]);
  if (month === 0 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${match[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * "17-Jul-1996 02:44:25 -0700" → that instant. date-day-fixed is (SP DIGIT) / 2DIGIT; a single digit
 * without the space is accepted too, since it is unambiguous and some clients send it.
 */
export function parseDateTime(text: string): Date | null {
  const match = /^(?: ([0-9])|([0-9]{1,2}))-([A-Za-z]{3})-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})$/.exec(text);
  if (!match) return null;
  const day = Number(match[1] ?? match[2]);
  const month = MONTHS.indexOf(match[3]!.toUpperCase()) + 1;
  const year = Number(match[4]);
  const [hours, minutes, seconds, zoneHours, zoneMinutes] = [match[5], match[6], match[7], match[9], match[10]].map(Number) as [number, number, number, number, number];
  if (month === 0 || day < 1 || day > daysInMonth(year, month)) return null;
  // A leap second (:60) is allowed as in RFC 5322 §3.3 and lands on the next minute.
  if (hours > 23 || minutes > 59 || seconds > 60 || zoneMinutes > 59) return null;
  const zoneOffsetMinutes = (match[8] === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hours, minutes - zoneOffsetMinutes, seconds, 0);
  return utc;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Reads the Date header (RFC 5322 §3.3, with the obsolete forms of §4.3) into an instant, and into
// the day it was written on.

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** RFC 5322 §4.3: the obsolete zone names; military letters are "-0000", zone unknown. */
const ZONE_OFFSETS = new Map<string, number>([
  ["ut", 0], ["utc", 0], ["gmt", 0], ["z", 0],
  ["edt", -4 * 60], ["est", -5 * 60], ["cdt", -5 * 60], ["cst", -6 * 60],
  ["mdt", -6 * 60], ["mst", -7 * 60], ["pdt", -7 * 60], ["pst", -8 * 60],
]);

// [day-of-week ,] day month year hour:minute[:second] [zone]; comments are removed before matching
const DATE_PATTERN = /^(?:[a-z]+\s*,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*([+-]\d{1,4}|[a-z]{1,5})?/;

/**
 * The largest zone offset, in minutes, that a Date header value can name here (±9999: 99 hours
 * and 99 minutes): how far the day a date is written on can lie from the UTC day of its instant.
 */
export const MAX_ZONE_OFFSET_MINUTES = 99 * 60 + 99;

/**
 * The instant a Date header value names, as ISO 8601 in UTC, or null when it does not parse. Accepts
 * the obsolete forms (two-digit years, zone names, comments) and, failing those, what JavaScript's own
 * date parser understands.
 */
export function parseDateHeader(value: string | null): string | null {
  const date = readDate(value);
  if (date === null) return null;
  return new Date("instant" in date ? date.instant : date.asWritten - date.zoneMinutes * 60_000).toISOString();
}

/**
 * The calendar day of a Date header value in its own time zone ("2002-08-21" for "Wed, 21 Aug 2002
 * 20:31:57 -1600", whose instant is on the 22nd in UTC), or null when it does not parse. RFC 9051
 * §6.4.4 compares SENTBEFORE, SENTON and SENTSINCE with the Date "disregarding time and timezone".
 * A date only JavaScript's parser reads has no zone of its own here: its UTC day.
 */
export function readDateHeaderDay(value: string | null): string | null {
  const date = readDate(value);
  if (date === null) return null;
  return new Date("instant" in date ? date.instant : date.asWritten).toISOString().slice(0, 10);
}

/** A date with its time as written (in ms, as if it were UTC) and its zone, or only an instant when JavaScript's parser read it. */
type ReadDate = { asWritten: number; zoneMinutes: number } | { instant: number };

function readDate(value: string | null): ReadDate | null {
  if (!value) return null;
  const text = value.slice(0, 256).replace(/\([^()]*\)/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
  const match = DATE_PATTERN.exec(text);
  if (match) return readRfc5322Date(match);
  const instant = readLooseDate(text);
  return instant === null ? null : { instant };
}

function readRfc5322Date(match: RegExpExecArray): ReadDate | null {
  const [, dayText, monthText, yearText, hourText, minuteText, secondText, zoneText] = match;
  const month = MONTHS.indexOf(monthText);
  if (month < 0) return null;
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  // RFC 5322 §3.3 allows a leap second, which Date cannot hold
  const second = Math.min(Number(secondText ?? "0"), 59);
  const year = readYear(yearText);
  if (year < 1900 || day < 1 || hour > 23 || minute > 59) return null;
  const midnight = Date.UTC(year, month, day);
  if (new Date(midnight).getUTCDate() !== day) return null;
  return { asWritten: midnight + ((hour * 60 + minute) * 60 + second) * 1000, zoneMinutes: readZoneMinutes(zoneText) };
}

/** RFC 5322 §4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three-digit years count from 1900. */
function readYear(text: string): number {
  const year = Number(text);
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (text.length === 3) return 1900 + year;
  return year;
}

function readZoneMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  if (zone[0] === "+" || zone[0] === "-") {
    const digits = zone.slice(1).padStart(4, "0");
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return zone[0] === "-" ? -minutes : minutes;
  }
  return ZONE_OFFSETS.get(zone) ?? 0;
}

function readLooseDate(text: string): number | null {
  const time = Date.parse(text);
  if (!Number.isFinite(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1900 && year <= 9999 ? time : null;
}

/**
 * The instant a calendar day (YYYY-MM-DD) starts in an IANA time zone: midnight there, or the
 * first instant after it when a daylight-saving change skips midnight. The offset is read from
 * Intl twice, since the zone's offset at UTC midnight may differ from the one at local midnight.
 */
export function dayStartInZone(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, date);
  let at = utcMidnight - offsetMs(utcMidnight, timeZone);
  at = utcMidnight - offsetMs(at, timeZone);
  return new Date(at);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)!.value);
  const wall = Date.UTC(value("year"), value("month") - 1, value("day"), value("hour"), value("minute"), value("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The canonical name of an IANA time zone ("europe/berlin" → "Europe/Berlin"), or null when the
 * runtime does not know it. Asked of Intl itself, so any zone it can format in is taken (UTC too,
 * which Intl.supportedValuesOf leaves out).
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > 100) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null; // RangeError: not a zone
  }
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function dayInZone(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

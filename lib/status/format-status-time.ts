// Times as the status page writes them: always UTC first, in the form `2026-11-29: 16:00 UTC`, so
// that a post means the same to every reader; the reader's own zone is added by the browser.

/** `2026-11-29: 16:00 UTC` */
export function formatStatusTime(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}: ${iso.slice(11, 16)} UTC`;
}

/** A time in a named IANA zone, e.g. `2026-11-29 17:00 (Europe/Berlin)`; used for the reader's zone. */
export function formatInZone(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} (${timeZone})`;
}

/** 2026-11-20T14:03:09Z → "2026-11-20 14:03 UTC": one zone for all staff, whatever the server's. */
export function formatUtcTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

import type { RejectRow } from "./list-rejects.ts";
import { describeReason } from "./reject-reasons.ts";

/** The CSV's columns: the table's, with the UTC time in ISO 8601 (the viewer's zone is a display matter). */
export const CSV_HEADER = ["time_utc", "sender", "recipient", "client_ip", "helo", "stage", "smtp_code", "enhanced_code", "reason", "reason_key", "reply", "spam_score", "rule_hits", "catch_all"];

/** RFC 4180: quotes around fields with a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function rejectCsvLine(row: RejectRow): string {
  return [
    row.at.toISOString(),
    row.mailFrom || "<>",
    row.rcptTo,
    row.clientIp,
    row.helo,
    row.stage,
    String(row.smtpCode),
    row.enhancedCode,
    describeReason(row.reasonKey),
    row.reasonKey,
    row.reasonText,
    row.score === null ? "" : String(row.score),
    row.ruleHits.map((hit) => `${hit.name}=${hit.score}`).join(" "),
    row.isCatchAll ? "yes" : "no",
  ]
    .map(csvField)
    .join(",");
}

export function rejectsCsv(rows: readonly RejectRow[]): string {
  return [CSV_HEADER.join(","), ...rows.map(rejectCsvLine)].join("\r\n") + "\r\n";
}

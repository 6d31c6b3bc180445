import type { ScoreResult } from "../../lib/delivery/score/score-types.ts";

/** RFC 5322 date-time in UTC: "Sun, 29 Nov 2026 16:00:00 +0000". */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

/**
 * The Received trace field we prepend (RFC 5321 §4.4): who handed us the message, with which
 * protocol (RFC 3848: ESMTPS when over TLS), our queue id, and the recipient when there was one.
 */
export function receivedHeader(input: { helo: string; clientIp: string; hostname: string; queueId: string; isTls: boolean; isAuthenticated?: boolean; recipient?: string; at?: Date }): string {
  const helo = input.helo.replace(/[^\x21-\x7e]/g, "").slice(0, 255) || "unknown";
  const forClause = input.recipient ? `\r\n\tfor <${input.recipient}>` : "";
  const protocol = `ESMTP${input.isTls ? "S" : ""}${input.isAuthenticated ? "A" : ""}`;
  return `Received: from ${helo} ([${input.clientIp}])\r\n\tby ${input.hostname} (Mailwright) with ${protocol} id ${input.queueId}${forClause};\r\n\t${rfc5322Date(input.at ?? new Date())}\r\n`;
}

/** SpamAssassin's familiar headers, which mail clients and filters already read. */
export function spamHeaders(spam: ScoreResult, junkScore: number): string {
  const isSpam = spam.score >= junkScore;
  const tests = spam.hits.map((hit) => hit.name).join(",") || "none";
  return (
    (isSpam ? "X-Spam-Flag: YES\r\n" : "") +
    `X-Spam-Score: ${spam.score.toFixed(1)}\r\n` +
    `X-Spam-Status: ${isSpam ? "Yes" : "No"}, score=${spam.score.toFixed(1)} required=${junkScore.toFixed(1)}\r\n\ttests=${foldList(tests)}\r\n`
  );
}

/** Folds a comma list so that no header line passes 78 characters (RFC 5322 §2.1.1). */
function foldList(list: string): string {
  const lines: string[] = [];
  let line = "";
  for (const item of list.split(",")) {
    if (line && line.length + item.length + 1 > 70) {
      lines.push(line + ",");
      line = item;
    } else line = line ? `${line},${item}` : item;
  }
  lines.push(line);
  return lines.join("\r\n\t");
}

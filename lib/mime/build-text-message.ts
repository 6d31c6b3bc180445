import { randomUUID } from "node:crypto";

/**
 * A plain-text message the service writes itself (a welcome message, a vacation reply): the header
 * fields given, then Date, Message-ID and MIME fields, and the text as UTF-8 in base64 (any text,
 * any line length, within RFC 5322's 998-octet lines). Header values must be ready to use (encoded).
 */
export function buildTextMessage(input: { headers: string[]; text: string; messageIdDomain: string; now?: Date }): Buffer {
  const body = Buffer.from(input.text.replace(/\r?\n/g, "\r\n"), "utf8").toString("base64").replace(/.{1,76}/g, "$&\r\n");
  const lines = [
    ...input.headers,
    // RFC 5322 §3.3: "+0000" rather than the obsolete "GMT" that toUTCString writes.
    `Date: ${(input.now ?? new Date()).toUTCString().replace(/GMT$/, "+0000")}`,
    `Message-ID: <${randomUUID()}@${input.messageIdDomain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
  ];
  return Buffer.from(lines.join("\r\n"));
}

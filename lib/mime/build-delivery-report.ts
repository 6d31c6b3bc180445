// Builds the Delivery Status Notification the outbound queue sends to a sender when recipients fail
// or are delayed (RFC 3464): a multipart/report (RFC 6522) with a note for people, the machine-readable
// status, and the original message or its header.
import { randomBytes, randomUUID } from "node:crypto";
import libqp from "libqp";
import { AppError } from "../errors.ts";

export type DeliveryReportRecipient = {
  /** The address we tried to deliver to; reported as Final-Recipient. */
  address: string;
  action: "failed" | "delayed";
  /** Enhanced status code (RFC 3463 §2), e.g. "5.1.1"; anything else is reported as 5.0.0 or 4.0.0. */
  status: string;
  /** The remote server's reply, e.g. "550 5.1.1 <bob@example.org>: no such user", or our own reason. */
  diagnostic?: string;
  /** The host that gave `diagnostic`. */
  remoteMta?: string;
  lastAttemptAt?: Date;
  /** For a delayed recipient: when the queue gives up on it. */
  willRetryUntil?: Date;
};

export type DeliveryReportInput = {
  /** Decides the subject and what of the original goes back: a delay notice returns only its header. */
  kind: "failure" | "delay";
  /** Our host name, as the Reporting-MTA. */
  reportingMta: string;
  /** The report's sender, e.g. "MAILER-DAEMON@mx.example.test"; shown as "Mail Delivery System". */
  from: string;
  /** The original's envelope sender. */
  to: string;
  /** When we accepted the original. */
  arrivalDate: Date;
  recipients: DeliveryReportRecipient[];
  /** The original message as it was queued. */
  original: Buffer;
  now?: Date;
  /** Else a random one at `reportingMta`. */
  messageId?: string;
};

/** Originals up to this size go back whole; larger ones only with their header (RFC 3461 §4.3 leaves the choice to us). */
export const MAX_RETURNED_MESSAGE_BYTES = 64 * 1024;
/** A longer remote reply is cut: with its field name it must still fit one 998-octet line (RFC 5322 §2.1.1). */
export const MAX_DIAGNOSTIC_OCTETS = 900;
const MAX_ADDRESS_OCTETS = 900;
const MAX_LINE_OCTETS = 998;
const FOLD_AT = 78;
const FOLD_LONG_LINE_AT = 900;

/** One body part: its header fields, each ending in CRLF, and its body as sent. */
type BodyPart = { header: string; body: Buffer; is8bit: boolean };

/**
 * The complete report message, CRLF throughout, ready to be queued with a null reverse-path: a report
 * must never be answered by another (RFC 5321 §4.5.5). Text from outside (addresses, remote replies)
 * loses its line breaks and control characters, so it cannot add header fields or report fields.
 * Throws INVALID_INPUT when a recipient, the To or From address or the host name is missing, or a date is invalid.
 */
export function buildDeliveryReport(input: DeliveryReportInput): Buffer {
  const now = input.now ?? new Date();
  const host = cleanHostName(input.reportingMta);
  const to = cleanAddress(input.to);
  checkInput(input, host, to, now);

  const returned = selectReturnedPart(input.kind, input.original);
  const parts = [buildExplanationPart(input, host, returned.isWholeMessage), buildStatusPart(input, host), returned];
  const boundary = chooseBoundary(parts.map((part) => part.body));
  const header = [
    `From: Mail Delivery System <${cleanAddress(input.from)}>`,
    `To: <${to}>`,
    `Subject: ${input.kind === "failure" ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)"}`,
    `Date: ${formatDate(now)}`,
    `Message-ID: ${cleanMessageId(input.messageId) ?? `<${randomUUID()}@${host}>`}`,
    "MIME-Version: 1.0",
    // RFC 3834 §5: marks the report as machine-made, so vacation responders and filters leave it alone
    "Auto-Submitted: auto-replied",
    `Content-Type: multipart/report; report-type=delivery-status;\r\n boundary="${boundary}"`,
    // RFC 2045 §6.4: a multipart is labelled with the widest encoding of its parts
    ...(parts.some((part) => part.is8bit) ? ["Content-Transfer-Encoding: 8bit"] : []),
  ];

  const chunks: Buffer[] = [Buffer.from(`${header.join("\r\n")}\r\n\r\nThis is a MIME-encapsulated message.\r\n`, "utf8")];
  for (const part of parts) {
    chunks.push(Buffer.from(`\r\n--${boundary}\r\n${part.header}\r\n`, "utf8"), part.body);
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, "ascii"));
  return Buffer.concat(chunks);
}

/**
 * A boundary that no body contains as a delimiter (RFC 2046 §5.1.1: it must not appear in the
 * encapsulated text). `makeCandidate` is for tests that need a collision.
 */
export function chooseBoundary(bodies: readonly Buffer[], makeCandidate: () => string = makeRandomBoundary): string {
  for (;;) {
    const candidate = makeCandidate();
    if (!bodies.some((body) => body.includes(`--${candidate}`))) return candidate;
  }
}

function makeRandomBoundary(): string {
  // "=_" never occurs in quoted-printable or base64 text, and 192 random bits make any other collision implausible
  return `=_report_${randomBytes(24).toString("base64url")}`;
}

function checkInput(input: DeliveryReportInput, host: string, to: string, now: Date): void {
  if (input.recipients.length === 0) throw new AppError("INVALID_INPUT", "A delivery report needs at least one recipient (RFC 3464 §2.1)");
  if (!to) throw new AppError("INVALID_INPUT", "A delivery report needs an address to go to: a null reverse-path gets none");
  if (!host) throw new AppError("INVALID_INPUT", "A delivery report needs the reporting host name");
  if (!cleanAddress(input.from)) throw new AppError("INVALID_INPUT", "A delivery report needs a From address");
  if (input.recipients.some((recipient) => !cleanAddress(recipient.address))) throw new AppError("INVALID_INPUT", "A delivery report recipient has no address");
  const dates = [now, input.arrivalDate, ...input.recipients.flatMap((recipient) => [recipient.lastAttemptAt, recipient.willRetryUntil])];
  if (dates.some((date) => date !== undefined && Number.isNaN(date.getTime()))) throw new AppError("INVALID_INPUT", "A delivery report date is invalid");
}

function buildExplanationPart(input: DeliveryReportInput, host: string, returnsWholeMessage: boolean): BodyPart {
  const lines = [`This is the mail system at ${host}.`, ""];
  if (input.kind === "failure") {
    lines.push("Your message could not be delivered to one or more recipients.", "The reasons are listed below.");
    lines.push(returnsWholeMessage ? "Your message is attached." : "The header of your message is attached; the whole message could not be returned.");
  } else {
    lines.push("Your message has not been delivered yet to one or more recipients.", "This is only a warning: we keep trying, and you need not send it again.");
    lines.push("You will get another notice if delivery fails for good.", "The header of your message is attached.");
  }
  for (const recipient of input.recipients) {
    lines.push("", `<${cleanAddress(recipient.address)}>`, `    ${describeOutcome(recipient)}`);
    const diagnostic = cutToOctets(cleanText(recipient.diagnostic ?? ""), MAX_DIAGNOSTIC_OCTETS);
    const remoteMta = cleanHostName(recipient.remoteMta ?? "");
    if (diagnostic) lines.push(remoteMta ? `    The server ${remoteMta} said: ${diagnostic}` : `    Reason: ${diagnostic}`);
  }
  const text = Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
  const isPlain = isAscii(text) && hasShortLines(text.toString("latin1"));
  // quoted-printable keeps the report 7-bit when a remote reply or address brings non-ASCII text
  const body = isPlain ? text : Buffer.from(libqp.wrap(libqp.encode(text), 76), "ascii");
  const header = `Content-Type: text/plain; charset=utf-8\r\nContent-Description: Notification\r\nContent-Transfer-Encoding: ${isPlain ? "7bit" : "quoted-printable"}\r\n`;
  return { header, body, is8bit: false };
}

function describeOutcome(recipient: DeliveryReportRecipient): string {
  const status = cleanStatus(recipient);
  if (recipient.action === "failed") return `Delivery failed (status ${status}).`;
  const until = recipient.willRetryUntil ? ` We keep trying until ${formatUtc(recipient.willRetryUntil)}.` : " We keep trying.";
  return `Not delivered yet (status ${status}).${until}`;
}

/** RFC 3464 §2.1: per-message fields, then one block of per-recipient fields each, blocks parted by a blank line. */
function buildStatusPart(input: DeliveryReportInput, host: string): BodyPart {
  const perMessage = [formatField("Reporting-MTA", `dns; ${host}`), formatField("Arrival-Date", formatDate(input.arrivalDate))];
  const blocks = [perMessage.join(""), ...input.recipients.map((recipient) => writeRecipientFields(recipient).join(""))];
  return { header: "Content-Type: message/delivery-status\r\nContent-Description: Delivery report\r\n", body: Buffer.from(blocks.join("\r\n"), "ascii"), is8bit: false };
}

/** In the order of RFC 3464 §2.3. The part is 7-bit (§6.2), so non-ASCII is escaped or replaced. */
function writeRecipientFields(recipient: DeliveryReportRecipient): string[] {
  const fields = [formatField("Final-Recipient", typeAddress(cleanAddress(recipient.address))), formatField("Action", recipient.action), formatField("Status", cleanStatus(recipient))];
  const remoteMta = cleanHostName(recipient.remoteMta ?? "");
  if (remoteMta) fields.push(formatField("Remote-MTA", `dns; ${remoteMta}`));
  const diagnostic = cutToOctets(replaceNonAscii(cleanText(recipient.diagnostic ?? "")), MAX_DIAGNOSTIC_OCTETS);
  // RFC 3464 §2.3.6: "smtp" only for a reply an SMTP server gave; our own reasons get a private type
  if (diagnostic) fields.push(formatField("Diagnostic-Code", `${/^[245]\d\d(?:[ -]|$)/.test(diagnostic) ? "smtp" : "X-Mailwright"}; ${diagnostic}`));
  if (recipient.lastAttemptAt) fields.push(formatField("Last-Attempt-Date", formatDate(recipient.lastAttemptAt)));
  // RFC 3464 §2.3.9: only a delayed recipient has a retry deadline
  if (recipient.action === "delayed" && recipient.willRetryUntil) fields.push(formatField("Will-Retry-Until", formatDate(recipient.willRetryUntil)));
  return fields;
}

/** RFC 3463 §2: class "." subject "." detail; a malformed code becomes the undefined status of the action's class (§3.1). */
function cleanStatus(recipient: DeliveryReportRecipient): string {
  const status = recipient.status.trim();
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(status)) return status;
  return recipient.action === "failed" ? "5.0.0" : "4.0.0";
}

/**
 * Final-Recipient's typed address: "rfc822; addr" for ASCII, else RFC 6533 §3's "utf-8" type in its
 * 7-bit utf-8-addr-xtext form, where every character outside QCHAR is written \x{HEX}.
 */
function typeAddress(address: string): string {
  if (isAscii(Buffer.from(address, "utf8"))) return `rfc822; ${address}`;
  let escaped = "";
  for (const char of address) {
    const code = char.codePointAt(0) ?? 0;
    const isQchar = code >= 0x21 && code <= 0x7e && char !== "+" && char !== "=" && char !== "\\";
    const piece = isQchar ? char : `\\x{${code.toString(16).toUpperCase().padStart(2, "0")}}`;
    if (escaped.length + piece.length > MAX_ADDRESS_OCTETS) break;
    escaped += piece;
  }
  return `utf-8; ${escaped}`;
}

/**
 * What goes back of the original (RFC 6522 §3, third part): the whole message for a failure when it is
 * small and fits 8-bit MIME (no NUL, no line over 998 octets, RFC 5322 §2.1.1), otherwise its header
 * block as text/rfc822-headers. Bare LF and CR become CRLF; CRLF input stays byte for byte.
 */
function selectReturnedPart(kind: DeliveryReportInput["kind"], original: Buffer): BodyPart & { isWholeMessage: boolean } {
  if (kind === "failure" && original.length <= MAX_RETURNED_MESSAGE_BYTES) {
    const text = toCrlf(original.toString("latin1"));
    if (!text.includes("\0") && hasShortLines(text)) return { ...buildReturnedPart("message/rfc822", "Undelivered message", text), isWholeMessage: true };
  }
  const headerLines = foldLongLines(toCrlf(readHeaderLines(original).toString("latin1")));
  return { ...buildReturnedPart("text/rfc822-headers", "Undelivered message header", headerLines), isWholeMessage: false };
}

function buildReturnedPart(type: string, description: string, latin1Text: string): BodyPart {
  const body = Buffer.from(latin1Text, "latin1");
  const is8bit = !isAscii(body);
  // RFC 2046 §5.2.1: a message/rfc822 part may only be 7bit, 8bit or binary, so 8-bit content stays as it is
  const header = `Content-Type: ${type}\r\nContent-Description: ${description}\r\n${is8bit ? "Content-Transfer-Encoding: 8bit\r\n" : ""}`;
  return { header, body, is8bit };
}

/**
 * The header lines of a message: everything up to the first empty line (CRLF CRLF, or LF LF from a
 * lenient writer), without it; the whole message when there is none. At most the size limit, cut after
 * a whole line, so a message without a body cannot return megabytes.
 */
function readHeaderLines(original: Buffer): Buffer {
  const end = findEmptyLine(original);
  const block = original.subarray(0, end);
  if (block.length <= MAX_RETURNED_MESSAGE_BYTES) return block;
  const lastLineEnd = block.lastIndexOf(0x0a, MAX_RETURNED_MESSAGE_BYTES - 1);
  return block.subarray(0, lastLineEnd + 1);
}

/** Offset just past the line break in front of the first empty line, or the length when there is none. */
function findEmptyLine(raw: Buffer): number {
  if (raw[0] === 0x0a) return 0;
  if (raw[0] === 0x0d && raw[1] === 0x0a) return 0;
  let from = 0;
  for (;;) {
    const lf = raw.indexOf(0x0a, from);
    if (lf < 0 || lf === raw.length - 1) return raw.length;
    if (raw[lf + 1] === 0x0a || (raw[lf + 1] === 0x0d && raw[lf + 2] === 0x0a)) return lf + 1;
    from = lf + 1;
  }
}

/** A header line over 998 octets is folded (RFC 5322 §2.2.3) rather than cut, never inside a UTF-8 sequence. */
function foldLongLines(latin1Text: string): string {
  return latin1Text
    .split("\r\n")
    .map((line) => {
      const pieces: string[] = [];
      let rest = line;
      while (rest.length > MAX_LINE_OCTETS) {
        let cut = FOLD_LONG_LINE_AT;
        while (cut > 1 && rest.charCodeAt(cut) >= 0x80 && rest.charCodeAt(cut) < 0xc0) cut--;
        pieces.push(rest.slice(0, cut));
        rest = ` ${rest.slice(cut)}`;
      }
      return [...pieces, rest].join("\r\n");
    })
    .join("\r\n");
}

function toCrlf(latin1Text: string): string {
  return latin1Text.replace(/\r\n|\r|\n/g, "\r\n");
}

function hasShortLines(latin1Text: string): boolean {
  return latin1Text.split("\r\n").every((line) => line.length <= MAX_LINE_OCTETS);
}

function isAscii(bytes: Buffer): boolean {
  return bytes.every((byte) => byte < 0x80);
}

/**
 * "Name: value" ending in CRLF, folded at spaces before 78 characters where it can (RFC 5322 §2.1.1).
 * Values are single-spaced, so unfolding gives them back exactly.
 */
function formatField(name: string, value: string): string {
  const lines: string[] = [];
  let line = `${name}:`;
  let hasWord = false;
  for (const word of value.split(" ")) {
    if (hasWord && line.length + 1 + word.length > FOLD_AT) {
      lines.push(line);
      line = "";
    }
    line += ` ${word}`;
    hasWord = true;
  }
  lines.push(line);
  return `${lines.join("\r\n")}\r\n`;
}

/** Outside text on one line: control characters (CR and LF among them) and runs of white space become one space. */
function cleanText(text: string): string {
  return text.replace(/[\s\x00-\x1f\x7f-\x9f]+/g, " ").trim();
}

function cleanAddress(address: string): string {
  return cutToOctets(cleanText(address).replace(/[<>]/g, ""), MAX_ADDRESS_OCTETS);
}

/** A host name or address literal ("[192.0.2.1]"): what comes before the first character neither may hold. */
function cleanHostName(name: string): string {
  return (/^[A-Za-z0-9.\-:[\]_]*/.exec(name.trim())?.[0] ?? "").slice(0, 255);
}

function cleanMessageId(messageId: string | undefined): string | null {
  const bare = cleanText(messageId ?? "").replace(/[\s<>]/g, "");
  return bare ? `<${cutToOctets(bare, MAX_ADDRESS_OCTETS)}>` : null;
}

function replaceNonAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, "?");
}

/** Cuts to at most `max` UTF-8 octets between characters, marking a cut with "...". */
function cutToOctets(text: string, max: number): string {
  if (Buffer.byteLength(text, "utf8") <= max) return text;
  let cut = "";
  let octets = 0;
  for (const char of text) {
    octets += Buffer.byteLength(char, "utf8");
    if (octets > max - 3) break;
    cut += char;
  }
  return `${cut}...`;
}

/** RFC 5322 §3.3 date-time in UTC, e.g. "Sun, 29 Nov 2026 20:10:35 +0000". */
function formatDate(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

/** For people: "Fri, 04 Dec 2026 20:10:35 UTC". */
function formatUtc(date: Date): string {
  return date.toUTCString().replace("GMT", "UTC");
}

// Reads a feedback-loop complaint in the Abuse Reporting Format (RFC 5965, updated by RFC 6650; the
// auth-failure type is RFC 6591): a multipart/report whose parts are a note for people, the
// machine-readable message/feedback-report, and the reported message or its header.
import { isUtf8 } from "node:buffer";
import { isIP } from "node:net";
import { parseMessageIds } from "./base-subject.ts";
import { buildPartTree } from "./build-part-tree.ts";
import { decodeTransferEncoding } from "./decode-part-body.ts";
import type { MimePart } from "./message-index.ts";
import { parseAddressList } from "./parse-address-list.ts";
import { parseDateHeader } from "./parse-date-header.ts";
import { readAllFieldValues, readFirstFieldValue } from "./read-field-value.ts";
import { readHeaderBlock } from "./read-header-block.ts";

/** How much of the reported message is kept, in bytes; its header block is cut at the same place. */
export const MAX_SAMPLE_BYTES = 64 * 1024;
/** How much of the decoded feedback-report part is read: real ones are a few hundred bytes. */
const MAX_REPORT_FIELDS_BYTES = 64 * 1024;
/** Encoded bytes read for that much decoded text: base64 with line breaks takes 1.37 per byte, QP at most 3. */
const ENCODED_BYTES_PER_BYTE = 4;

export type FeedbackReport = {
  /** Feedback-Type in lower case: abuse, fraud, virus, other, not-spam (RFC 6650), auth-failure (RFC 6591), or whatever else was sent. */
  feedbackType: string;
  /** User-Agent as sent; "" when absent (it is required, but real reports sometimes lack it). */
  userAgent: string;
  /** Version as sent, comments removed; "" when absent. Yahoo still sends "0.1". */
  version: string;
  /** The MAIL FROM of the reported message, without angle brackets; "" when absent, "<>" or redacted. */
  originalMailFrom: string;
  /** The RCPT TOs of the reported message, without angle brackets; often empty, as RFC 6590 has providers redact them. */
  originalRcptTo: string[];
  /** Arrival-Date, or Received-Date, its historic name in the IANA MARF registry; null when absent or unreadable. */
  arrivalDate: Date | null;
  /** Source-IP when it is an IPv4 or IPv6 address (brackets and comments removed), else "". */
  sourceIp: string;
  /** Every Reported-Domain, lower case, in order. */
  reportedDomain: string[];
  /**
   * The first msg-id of the reported message's Message-ID, with angle brackets ("<id@host>"): the form
   * `parseMessage` stores, so it can be looked up as it is. "" when there is no reported message or id.
   */
  reportedMessageId: string;
  /** The reported message's header block, without the blank line that ends it; "" when there is none. */
  reportedHeaders: string;
  /** The reported message (or, from text/rfc822-headers, its header), transfer encoding undone, cut at MAX_SAMPLE_BYTES. */
  sample: string;
};

/** Why a message was not read as a feedback report. */
export type FeedbackReportFailure =
  /** Not multipart/report, or one without parts. */
  | "not_a_report"
  /** A multipart/report of another type, e.g. a bounce (report-type=delivery-status). */
  | "wrong_report_type"
  | "no_feedback_part"
  | "no_feedback_type"
  /** The MIME parser failed on it; it never should, but the input is whatever anyone mailed us. */
  | "unreadable";

export type FeedbackReportResult = { ok: true; report: FeedbackReport } | { ok: false; reason: FeedbackReportFailure };

/**
 * Reads an ARF report from a raw message. Lenient where real reports stray from RFC 5965 (a missing
 * report-type parameter, User-Agent or Version, a missing third part, an encoded feedback part),
 * strict about what makes it a report at all: multipart/report with a message/feedback-report part
 * that has a Feedback-Type. Never throws; the work done is linear in the input and the result bounded.
 */
export function parseFeedbackReport(raw: Buffer): FeedbackReportResult {
  try {
    return readFeedbackReport(raw);
  } catch {
    // anyone can mail us a "report": a parser bug on hostile bytes must cost that report, not the caller
    return { ok: false, reason: "unreadable" };
  }
}

function readFeedbackReport(raw: Buffer): FeedbackReportResult {
  const { root } = buildPartTree(raw);
  if (root.type !== "multipart" || root.subtype !== "report" || !root.children) return { ok: false, reason: "not_a_report" };
  const reportType = root.params["report-type"];
  if (reportType !== undefined && reportType.trim().toLowerCase() !== "feedback-report") return { ok: false, reason: "wrong_report_type" };

  // RFC 5965 §2: the feedback part is the second part and the reported message the third; any order is read
  const parts = root.children;
  const feedbackIndex = parts.findIndex((part) => part.type === "message" && part.subtype === "feedback-report");
  if (feedbackIndex < 0) return { ok: false, reason: "no_feedback_part" };
  const fields = readReportFields(decodePart(raw, parts[feedbackIndex], MAX_REPORT_FIELDS_BYTES).bytes);
  const feedbackType = /^\S*/.exec(removeComments(fields.first("feedback-type") ?? "").trim())![0].toLowerCase();
  if (!feedbackType) return { ok: false, reason: "no_feedback_type" };

  const reportedPart = parts.slice(feedbackIndex + 1).find(isReportedMessagePart);
  return {
    ok: true,
    report: {
      feedbackType,
      userAgent: fields.first("user-agent") ?? "",
      version: removeComments(fields.first("version") ?? "").trim(),
      originalMailFrom: readAddresses(fields.first("original-mail-from") ?? "")[0] ?? "",
      originalRcptTo: fields.all("original-rcpt-to").flatMap(readAddresses),
      arrivalDate: readDate(fields.first("arrival-date") ?? fields.first("received-date")),
      sourceIp: readIpAddress(fields.first("source-ip") ?? ""),
      reportedDomain: fields.all("reported-domain").map((value) => removeComments(value).trim().toLowerCase()).filter(Boolean),
      ...readReportedMessage(reportedPart ? decodePart(raw, reportedPart, MAX_SAMPLE_BYTES) : { bytes: Buffer.alloc(0), isCut: false }),
    },
  };
}

type ReportFields = { first(name: string): string | null; all(name: string): string[] };

/**
 * The body of message/feedback-report is a block of header fields (RFC 5965 §3), read with the same
 * reader as a message header: names case-insensitive, folded lines unfolded. Blank lines in front of
 * the fields are skipped rather than read as an empty block.
 */
function readReportFields(body: Buffer): ReportFields {
  let start = 0;
  while (body[start] === 0x0d || body[start] === 0x0a) start++;
  const block = readHeaderBlock(body, start);
  return {
    first: (name) => readFirstFieldValue(body, block.fields, name),
    all: (name) => readAllFieldValues(body, block.fields, name),
  };
}

/** The reported message in full, or only its header (RFC 6522 text/rfc822-headers); the message/global forms are RFC 6532 and RFC 6533. */
function isReportedMessagePart(part: MimePart): boolean {
  if (part.type === "message") return part.subtype === "rfc822" || part.subtype === "global" || part.subtype === "global-headers";
  return part.type === "text" && part.subtype === "rfc822-headers";
}

function readReportedMessage({ bytes, isCut }: DecodedBody): Pick<FeedbackReport, "reportedMessageId" | "reportedHeaders" | "sample"> {
  const header = readHeaderBlock(bytes, 0);
  const messageId = readFirstFieldValue(bytes, header.fields, "message-id");
  return {
    reportedMessageId: parseMessageIds(messageId ?? "")[0] ?? "",
    reportedHeaders: decodeText(bytes.subarray(0, header.end), isCut && header.end === bytes.length).replace(/(\r?\n)\r?\n$/, "$1"),
    sample: decodeText(bytes, isCut),
  };
}

type DecodedBody = { bytes: Buffer; isCut: boolean };

/**
 * A part's body with its transfer encoding undone, at most `maxBytes` of it. Only as much encoded
 * input as that can take is decoded, so a huge part costs no more than a small one.
 */
function decodePart(raw: Buffer, part: MimePart, maxBytes: number): DecodedBody {
  const bytes = decodeTransferEncoding(raw, part, maxBytes * ENCODED_BYTES_PER_BYTE);
  return bytes.length > maxBytes ? { bytes: bytes.subarray(0, maxBytes), isCut: true } : { bytes, isCut: false };
}

/**
 * UTF-8 when the bytes are UTF-8, latin1 otherwise: one character per byte, so nothing is lost or
 * replaced. Bytes that were cut at a size limit may end in part of a UTF-8 character, which is dropped.
 */
function decodeText(bytes: Buffer, isCut: boolean): string {
  // a UTF-8 character is at most 4 bytes, so a cut leaves at most 3 of it behind
  const maxDrop = isCut ? Math.min(3, bytes.length) : 0;
  for (let drop = 0; drop <= maxDrop; drop++) {
    const kept = bytes.subarray(0, bytes.length - drop);
    if (isUtf8(kept)) return kept.toString("utf8");
  }
  return bytes.toString("latin1");
}

/** The addresses of an Original-Mail-From or Original-Rcpt-To, with or without angle brackets; "<>" gives none. */
function readAddresses(value: string): string[] {
  return parseAddressList(value).flatMap((entry) => (entry.kind === "mailbox" ? [entry.host ? `${entry.mailbox}@${entry.host}` : entry.mailbox] : []));
}

function readDate(value: string | null): Date | null {
  const instant = parseDateHeader(value);
  return instant === null ? null : new Date(instant);
}

/** Source-IP holds a bare address (RFC 5965 §3); an address literal's "[...]" and "IPv6:" are tolerated. */
function readIpAddress(value: string): string {
  const text = removeComments(value).trim().replace(/^\[(.*)\]$/, "$1").replace(/^ipv6:/i, "");
  return isIP(text) ? text : "";
}

/**
 * Removes RFC 5322 §3.2.2 comments, nested ones and quoted-pairs in them included, in one pass, so a
 * field of nothing but parentheses costs no more than its length.
 */
function removeComments(value: string): string {
  let result = "";
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (depth > 0 && char === "\\") {
      i++;
    } else if (char === "(") {
      depth++;
    } else if (char === ")" && depth > 0) {
      depth--;
      if (depth === 0) result += " ";
    } else if (depth === 0) {
      result += char;
    }
  }
  return result;
}

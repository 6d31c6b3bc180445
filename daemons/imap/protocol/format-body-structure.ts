// Writes FETCH BODYSTRUCTURE (extensible) and BODY (non-extensible) from the MIME tree the store
// indexed at ingest (RFC 9051 §7.5.2, RFC 3501 §7.4.2). Where the grammar leaves a choice (parameter
// order, NIL or an empty list, which extension fields to send) the output is Dovecot's.
import type { MimePart } from "../../../lib/mime/message-index.ts";
import { formatEnvelope } from "./format-envelope.ts";
import { imapString, nstring, type ResponsePiece, type StringOptions } from "./response-values.ts";

/**
 * Dovecot's stand-in for a multipart in which no part was found: a multipart must have at least one
 * body part (RFC 9051 body-type-mpart = 1*body), so it shows one empty text/plain part.
 */
const EMPTY_TEXT_PART_BASIC = '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0';

/** The body structure of `part` and everything below it, in parentheses. */
export function formatBodyStructure(part: MimePart, extensible: boolean, options: StringOptions = {}): ResponsePiece[] {
  const pieces: ResponsePiece[] = [];
  writePart(pieces, part, extensible, options);
  return pieces;
}

function writePart(out: ResponsePiece[], part: MimePart, extensible: boolean, options: StringOptions): void {
  if (part.children) writeMultipart(out, part, part.children, extensible, options);
  // no boundary, or no delimiter found: still a multipart, as Dovecot shows it, with the stand-in part
  else if (part.type === "multipart") writeMultipart(out, part, [], extensible, options);
  else writeSinglePart(out, part, extensible, options);
}

function writeMultipart(out: ResponsePiece[], part: MimePart, children: MimePart[], extensible: boolean, options: StringOptions): void {
  out.push("(");
  for (const child of children) writePart(out, child, extensible, options);
  if (children.length === 0) out.push(extensible ? `${EMPTY_TEXT_PART_BASIC} NIL NIL NIL NIL)` : `${EMPTY_TEXT_PART_BASIC})`);
  out.push(" ", ...imapString(part.subtype, options));
  if (extensible) {
    out.push(" ");
    writeParameters(out, part.params, false, options);
    writeCommonExtensions(out, part, options);
  }
  out.push(")");
}

function writeSinglePart(out: ResponsePiece[], part: MimePart, extensible: boolean, options: StringOptions): void {
  const { type, subtype } = describedType(part);
  const isText = type === "text";
  out.push("(", ...imapString(type, options), " ", ...imapString(subtype, options), " ");
  // a plain US-ASCII message gets just the default charset, in Dovecot's spelling
  writeParameters(out, isPlainAsciiMessage(part) ? {} : part.params, isText, options);
  out.push(" ", ...nstring(part.id ?? null, options), " ", ...nstring(part.description ?? null, options));
  out.push(" ", ...imapString(part.encoding, options), ` ${part.bodyEnd - part.bodyStart}`);
  if (isText) {
    out.push(` ${part.lines ?? 0}`);
  } else if (part.message) {
    // RFC 9051 body-type-msg: the embedded message's envelope, its body structure, and its size in lines
    out.push(" ", ...formatEnvelope(part.message.envelope, options), " ");
    writePart(out, part.message.root, extensible, options);
    out.push(` ${part.lines ?? 0}`);
  }
  if (extensible) {
    out.push(" ", ...nstring(part.md5 ?? null, options));
    writeCommonExtensions(out, part, options);
  }
  out.push(")");
}

/**
 * The media type to show. A message/rfc822 or message/global part whose message was not parsed (it is
 * base64 or QP encoded against RFC 2046 §5.2.1, or nested too deep) is shown as application/octet-stream,
 * as Dovecot shows a message it did not parse: RFC 9051 body-type-msg would require an envelope and
 * body structure we do not have. (Dovecot parses an encoded message/rfc822 anyway, as if it were not
 * encoded, and shows an empty envelope; octet-stream lets the client decode and open it.)
 */
function describedType(part: MimePart): { type: string; subtype: string } {
  const isUnparsedMessage = part.type === "message" && (part.subtype === "rfc822" || part.subtype === "global") && !part.message;
  return isUnparsedMessage ? { type: "application", subtype: "octet-stream" } : { type: part.type, subtype: part.subtype };
}

/**
 * True for a whole message that is plain 7-bit US-ASCII text with nothing else said about it. Dovecot
 * keeps only a flag for such a message and writes its charset in one spelling, "us-ascii", whatever
 * case the header used (RFC 2046 §4.1.2: charset names are case-insensitive); we write it the same way.
 */
function isPlainAsciiMessage(part: MimePart): boolean {
  const params = Object.entries(part.params);
  const hasOnlyAsciiCharset = params.length === 0 || (params.length === 1 && params[0]![0] === "charset" && params[0]![1].toLowerCase() === "us-ascii");
  return (
    part.section === "" &&
    part.type === "text" &&
    part.subtype === "plain" &&
    part.encoding === "7bit" &&
    hasOnlyAsciiCharset &&
    [part.id, part.description, part.md5, part.disposition, part.language, part.location].every((field) => field === undefined)
  );
}

/**
 * "(" name value ... ")" in header order, or NIL when there are none. A text part without a charset
 * gets "charset" "us-ascii" last, the default RFC 2045 §5.2 gives it.
 */
function writeParameters(out: ResponsePiece[], params: Record<string, string>, isText: boolean, options: StringOptions): void {
  const entries = Object.entries(params);
  if (isText && !entries.some(([name]) => name === "charset")) entries.push(["charset", "us-ascii"]);
  if (entries.length === 0) {
    out.push("NIL");
    return;
  }
  out.push("(");
  entries.forEach(([name, value], i) => out.push(i > 0 ? " " : "", ...imapString(name, options), " ", ...imapString(value, options)));
  out.push(")");
}

/** The extension fields both kinds of part end with: disposition, language, location (RFC 9051 body-ext-1part). */
function writeCommonExtensions(out: ResponsePiece[], part: MimePart, options: StringOptions): void {
  out.push(" ");
  if (part.disposition) {
    out.push("(", ...imapString(part.disposition.type, options), " ");
    writeParameters(out, part.disposition.params, false, options);
    out.push(")");
  } else {
    out.push("NIL");
  }
  out.push(" ");
  if (part.language && part.language.length > 0) {
    out.push("(");
    part.language.forEach((tag, i) => out.push(i > 0 ? " " : "", ...imapString(tag, options)));
    out.push(")");
  } else {
    out.push("NIL");
  }
  out.push(" ", ...nstring(part.location ?? null, options));
}

// The ways Dovecot's answers may differ from ours, each with why it arises and the RFC clause it
// concerns, matched narrowly so that anything else fails. KNOWN_DIFFERENCES, for FETCH items
// (ENVELOPE, BODYSTRUCTURE and BODY value by value, RFC822.SIZE and sections whole), is one list for
// the tests that compare our formatters (dovecot-agreement.test.ts) and our server over the wire
// (server-agreement.test.ts) with Dovecot; most of its kinds come from what the stored index
// (lib/mime) keeps, not from the formatters. KNOWN_SEARCH_DIFFERENCES is for SEARCH answers.
import { isUtf8 } from "node:buffer";
import { decodeTextBody } from "../../lib/mime/decode-part-body.ts";
import { convertHtmlToText } from "../../lib/mime/html-to-text.ts";
import type { MimePart } from "../../lib/mime/message-index.ts";
import { parseDateHeader } from "../../lib/mime/parse-date-header.ts";
import { parseMessage } from "../../lib/mime/parse-message.ts";
import { diffFlattenedItems, flattenItem, showWireValue, type Difference, type FetchItem, type FlattenedItem } from "./diff-fetch-values.ts";
import { readWireValue, type WireValue } from "./raw-imap-client.ts";

/** A message both servers answer for; `raw` as appended, with CRLF line ends. */
export type AgreementSample = { name: string; raw: Buffer };

/** What a known difference may look at: the message, and both answers flattened. */
export type DifferenceContext = { sample: AgreementSample; dovecot: FlattenedItem; ours: FlattenedItem };

/** A kind of difference we accept: why it arises and the RFC clause under which both answers are valid. */
export type KnownDifference = { kind: string; reason: string; matches: (difference: Difference, context: DifferenceContext) => boolean };

/** Items compared so far: how many were byte-identical, the explained differences by kind, and the rest described one a line. */
export type AgreementTally = { compared: number; identical: number; explained: Map<string, number>; unexplained: string[] };

export function createAgreementTally(): AgreementTally {
  return { compared: 0, identical: 0, explained: new Map(), unexplained: [] };
}

/**
 * Compares Dovecot's value of an ENVELOPE, BODYSTRUCTURE or BODY item with ours, both as sent, and
 * counts it in the tally: identical, or each differing value explained by a known kind or not.
 */
export function compareStructureItem(tally: AgreementTally, sample: AgreementSample, item: FetchItem, theirs: Buffer, ours: Buffer): void {
  tally.compared++;
  if (ours.equals(theirs)) {
    tally.identical++;
    return;
  }
  const context: DifferenceContext = { sample, dovecot: flattenItem(item, readWireValue(theirs, 0).value), ours: flattenItem(item, readWireValue(ours, 0).value) };
  for (const difference of diffFlattenedItems(context.dovecot, context.ours)) tallyDifference(tally, item, difference, context);
}

/**
 * Compares one item of a FETCH answer, named as the servers name it ("ENVELOPE", "BODY[1.MIME]",
 * "RFC822.SIZE"): ENVELOPE, BODYSTRUCTURE and BODY value by value, any other as one value, a
 * "size" (RFC822.SIZE) or a "section" (the bytes of a BODY[...]).
 */
export function compareFetchedItem(tally: AgreementTally, sample: AgreementSample, name: string, theirs: Buffer, ours: Buffer): void {
  if (name === "ENVELOPE" || name === "BODYSTRUCTURE" || name === "BODY") return compareStructureItem(tally, sample, name, theirs, ours);
  tally.compared++;
  if (ours.equals(theirs)) {
    tally.identical++;
    return;
  }
  const difference: Difference = { path: name, field: name === "RFC822.SIZE" ? "size" : "section", dovecot: readWireValue(theirs, 0).value, ours: readWireValue(ours, 0).value };
  const nothing: FlattenedItem = { values: new Map(), addressLists: new Map() };
  tallyDifference(tally, name, difference, { sample, dovecot: nothing, ours: nothing });
}

function tallyDifference(tally: AgreementTally, item: string, difference: Difference, context: DifferenceContext): void {
  const kind = KNOWN_DIFFERENCES.find((known) => known.matches(difference, context))?.kind ?? findCorpusSpecificDifference(context.sample, difference);
  if (kind) tally.explained.set(kind, (tally.explained.get(kind) ?? 0) + 1);
  else tally.unexplained.push(`${context.sample.name} ${item} ${difference.path}: Dovecot ${showWireValue(difference.dovecot)}, ours ${showWireValue(difference.ours)}`);
}

/**
 * A message one server finds for SEARCH criteria and the other does not, with what a known
 * difference may look at: the message, and Dovecot's ENVELOPE and BODYSTRUCTURE of it (how it read it).
 */
export type SearchDifference = { criteria: string; sample: AgreementSample; foundBy: Side; dovecotEnvelope: FlattenedItem; dovecotBodyStructure: FlattenedItem };

type Side = "dovecot" | "ours";

/** A kind of SEARCH difference we accept, with why it arises and the RFC clause it concerns. */
export type KnownSearchDifference = { kind: string; reason: string; matches: (difference: SearchDifference) => boolean };

export const KNOWN_SEARCH_DIFFERENCES: KnownSearchDifference[] = [
  {
    kind: "HTML markup",
    reason:
      "Dovecot searches the source of a text/html part, tags and attributes included (the 'windows' of <meta content=\"text/html; charset=windows-1252\">); we search the text a reader sees, converted from the HTML. RFC 9051 §6.4.4 asks for messages that 'contain the specified string in the body of the message' (BODY, TEXT) and does not say which text of an HTML body that is.",
    matches: (d) => readTextTerms(d.criteria).some((term) => isFoundOnlyBy(term, "dovecot", d.foundBy) && isOnlyInHtmlMarkup(d.sample.raw, term.text)),
  },
  {
    kind: "text in other parts",
    reason:
      "We search the text of text/plain and text/html parts (lib/mime/extract-message-text.ts: what a reader sees, and what spam scoring reads); Dovecot also other text/* and message/* parts, such as the text/rfc822-headers and message/delivery-status of a bounce. RFC 9051 §6.4.4 BODY and TEXT say 'the body of the message' and leave which parts of a MIME body hold searchable text to the server.",
    matches: (d) => readTextTerms(d.criteria).some((term) => isFoundOnlyBy(term, "dovecot", d.foundBy) && isInOtherTextPart(d.sample.raw, term.text)),
  },
  {
    kind: "headers inside the body",
    reason:
      "TEXT searches, with Dovecot, the header of every body part and embedded message too; we search the message's own header fields and the text of its parts. RFC 9051 §6.4.4 TEXT: 'in the header (including MIME header fields) or body of the message' — so here Dovecot is right and we fall short: our full-text index (lib/store/searchable-headers.ts, written at ingest) has no place for part headers yet.",
    matches: (d) => readTextTerms(d.criteria).some((term) => term.key === "TEXT" && isFoundOnlyBy(term, "dovecot", d.foundBy) && isInPartHeader(d.sample.raw, term.text)),
  },
  {
    kind: "mbox From_ line",
    reason:
      "The corpus files start with an mbox 'From sender date' line, which is no header field (RFC 5322 §2.2: name ':' value) but ends up in the header bytes; Dovecot's TEXT finds words in it, we search header fields. RFC 9051 §6.4.4 TEXT: 'in the header'.",
    matches: (d) => readTextTerms(d.criteria).some((term) => term.key === "TEXT" && isFoundOnlyBy(term, "dovecot", d.foundBy) && readFirstLine(d.sample.raw).startsWith("from ") && readFirstLine(d.sample.raw).includes(term.text)),
  },
  {
    kind: "unparseable Content-Type",
    reason:
      "Of a Content-Type it cannot parse Dovecot makes an empty type (see the FETCH kind of that name) and searches no text in that part; we read it as text/plain, as RFC 2045 §5.2 says, and search it. RFC 9051 §6.4.4 BODY: 'in the body of the message'.",
    matches: (d) => readTextTerms(d.criteria).some((term) => isFoundOnlyBy(term, "ours", d.foundBy)) && [...d.dovecotBodyStructure.values.values()].some((value) => value.field === "subtype" && isEmptyString(value.value)),
  },
  {
    kind: "malformed address list",
    reason:
      "FROM, TO, CC and BCC search 'the envelope structure's' field (RFC 9051 §6.4.4); where Dovecot's ENVELOPE marks the list malformed (MISSING_MAILBOX, MISSING_DOMAIN, SYNTAX_ERROR) it searches what it made of it, and we our reading of the field (see the FETCH kind of that name: RFC 5322 §3.4 gives no reading of such a list).",
    matches: (d) => readAddressKeys(d.criteria).some((field) => containsPlaceholder(d.dovecotEnvelope.addressLists.get(`envelope.${field}`))),
  },
  {
    kind: "Date we cannot read",
    reason:
      "A Date that does not parse ('Thu, 22 Aug 0102 12:07:35 +0800', 64 spam messages of the corpus: RFC 5322 §3.3 wants a year of 1900 or later; or a form RFC 5322 does not have, '2002/09/14 Sat 02:29:32 CDT') gives us no sent date, so no SENT* key finds the message; Dovecot reads an early date into it (the year 102, or 1970 for none), which SENTBEFORE finds. RFC 9051 §6.4.4 does not say how to compare a Date that cannot be read.",
    matches: (d) => d.foundBy === "dovecot" && /\bSENTBEFORE\b/.test(d.criteria) && parseDateHeader(parseMessage(d.sample.raw).envelope.date) === null,
  },
  {
    kind: "Date Dovecot cannot read",
    reason:
      "A one-digit hour, minute or second ('Mon, 22 Jul 2002 0:4:52 +-0500'; RFC 5322 §3.3 wants 2DIGIT) or the asctime form ('Sat Sep 21 08:18:08 2002', no RFC 5322 form at all): we read the day, as SORT and THREAD do (thread-agreement.test.ts leaves these out for the same reason); Dovecot takes no date, 1 January 1970, which SENTBEFORE finds and SENTSINCE does not. RFC 9051 §6.4.4 does not say how to compare a Date that cannot be read.",
    matches: (d) => {
      const date = parseMessage(d.sample.raw).envelope.date ?? "";
      const isUnreadable = /(^|[^\d])\d:|:\d(?!\d)/.test(date) || /^[a-z]{3} [a-z]{3} +\d/i.test(date);
      return isUnreadable && (d.foundBy === "dovecot" ? /\bSENTBEFORE\b/.test(d.criteria) : /\bSENT(SINCE|ON)\b/.test(d.criteria));
    },
  },
];

/** The kind of a message found by one server only, or undefined when no known difference explains it. */
export function explainSearchDifference(difference: SearchDifference): string | undefined {
  return KNOWN_SEARCH_DIFFERENCES.find((known) => known.matches(difference))?.kind;
}

/** One line for the test's output: how many items agreed byte for byte, and the differences by kind. */
export function summarizeTally(label: string, tally: AgreementTally): string {
  return `${label}: ${tally.identical} of ${tally.compared} items byte-identical; differences by kind: ${JSON.stringify(Object.fromEntries(tally.explained))}`;
}

const PLACEHOLDERS = new Set(["MISSING_MAILBOX", "MISSING_DOMAIN", "SYNTAX_ERROR"]);

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    kind: "string form",
    reason:
      "Dovecot sends a subject or display name as a literal when it changed it (a folded line, white space at the end); the index keeps values unfolded and trimmed, so we quote the same bytes. RFC 9051 §4.3: a quoted string and a literal are the same string.",
    matches: (d) => (d.field === "subject" || d.field === "name") && areSameBytes(d, (bytes) => bytes),
  },
  {
    kind: "letter case",
    reason:
      "The index keeps media types, subtypes, parameter names, disposition types and transfer encodings in lower case; Dovecot repeats the header's case. They are case-insensitive: RFC 2045 §5.1 and §6.1, RFC 2183 §2.",
    matches: (d) => ["type", "subtype", "parameter name", "encoding", "disposition"].includes(d.field) && areSameBytes(d, (bytes) => Buffer.from(bytes.toString("latin1").toLowerCase(), "latin1")),
  },
  {
    kind: "surrounding white space",
    reason:
      "The index trims header values; Dovecot keeps white space at the end of the line in Date, In-Reply-To, Message-ID and Content-* values. RFC 5322 §3.3 and §3.6.4: CFWS around a date or msg-id is not part of it.",
    matches: (d) => ["date", "in-reply-to", "message-id", "id", "description", "location", "md5"].includes(d.field) && areSameBytes(d, (bytes) => Buffer.from(bytes.toString("latin1").trim(), "latin1")),
  },
  {
    kind: "8-bit header bytes",
    reason:
      "Headers with raw 8-bit bytes that are not UTF-8 (RFC 6532 allows only UTF-8) are stored decoded as Latin-1, so we send that text in UTF-8; Dovecot sends the raw bytes. IMAP4rev1 gives such bytes no charset (RFC 3501 §4.3), so neither is more right; the index cannot give back the original bytes.",
    matches: (d) => d.dovecot.kind === "string" && !isUtf8(d.dovecot.bytes) && areSameBytes(d, (bytes) => (isUtf8(bytes) ? bytes : Buffer.from(bytes.toString("latin1"), "utf8"))),
  },
  {
    kind: "malformed address list",
    reason:
      "Dovecot marks an address list it could not parse with MISSING_MAILBOX, MISSING_DOMAIN or SYNTAX_ERROR; the index's parser makes a different guess. RFC 5322 §3.4 does not say how to read such a list, nor RFC 9051 §7.5.2 how to show one.",
    matches: (d, context) => d.listPath !== undefined && containsPlaceholder(context.dovecot.addressLists.get(d.listPath)),
  },
  {
    kind: "quoted local part",
    reason:
      "For a local part written as a quoted string (RFC 5322 §3.4.1) Dovecot sends the unquoted text and we keep the quotes, so that mailbox@host is still an address. RFC 9051 §7.5.2 does not fix the form.",
    matches: (d) => d.field === "mailbox" && d.ours.kind === "string" && d.dovecot.kind === "string" && unquote(d.ours.bytes.toString("latin1")) === d.dovecot.bytes.toString("latin1"),
  },
  {
    kind: "CR CR LF line end",
    reason:
      "Dovecot stores a line ending in CR CR LF as CR LF (its BODY[] shows it so), so its size of such a body or message is smaller by one per such line; the index counts the octets that were delivered, which is what RFC 9051 §7.5.2 body-fld-octets and RFC822.SIZE are.",
    matches: (d, context) => d.field === "size" && isSizeShortBy(d, 1, countOccurrences(context.sample.raw, "\r\r\n")),
  },
  {
    kind: "unquoted parameter value with white space",
    reason:
      "An unquoted parameter value with a space (name=Yinxiang Motorcycles.doc) breaks RFC 2045 §5.1, where a token has no space. Dovecot keeps the text up to the space, the index the whole value, as mail readers show the file name; spam scoring reads attachment names from the index and needs the real extension.",
    matches: (d, context) =>
      d.field === "parameter value" &&
      d.dovecot.kind === "string" &&
      d.ours.kind === "string" &&
      d.dovecot.bytes.length > 0 &&
      /^[ \t]/.test(d.ours.bytes.subarray(d.dovecot.bytes.length).toString("latin1")) &&
      d.ours.bytes.subarray(0, d.dovecot.bytes.length).equals(d.dovecot.bytes) &&
      context.sample.raw.includes(`=${d.ours.bytes.toString("latin1")}`),
  },
  {
    kind: "repeated parameter",
    reason:
      "A parameter given twice (a=1; a=2) is an error (RFC 6838 §4.3). Dovecot lists both; the index keeps the first, as libmime, Python and postal-mime read it, so that a repeated boundary splits the message as they split it.",
    matches: (d, context) => d.field.startsWith("parameter") && isFirstOfRepeatedParameters(context, d.path.slice(0, d.path.lastIndexOf("["))),
  },
  {
    kind: "text after the transfer encoding",
    reason:
      "Content-Transfer-Encoding is one token (RFC 2045 §6.1); of 'quoted-printable junk' Dovecot makes 7bit, the index reads the token, since RFC 2045 §6.4 forbids reading an unrecognised encoding as 7bit text and the token is what the sender meant.",
    matches: (d, context) =>
      d.field === "encoding" &&
      d.dovecot.kind === "string" &&
      d.dovecot.bytes.toString("latin1") === "7bit" &&
      d.ours.kind === "string" &&
      hasTextAfterEncoding(context.sample.raw, d.ours.bytes.toString("latin1")),
  },
  {
    kind: "blank display name",
    reason: 'A display name of only white space ("" or " ") is NIL in the index and "" in Dovecot. RFC 5322 §3.4: the display name is optional, and a blank one names nothing.',
    matches: (d) => d.field === "name" && d.ours.kind === "nil" && isEmptyString(d.dovecot),
  },
  {
    kind: "unparseable Content-Type",
    reason:
      'Of a Content-Type it cannot parse Dovecot shows what it read, with an empty subtype ("text" "" or "" ""); the index uses text/plain, as RFC 2045 §5.2 says, or the type it could read.',
    matches: (d, context) => d.partPath !== undefined && isEmptyString(context.dovecot.values.get(`${d.partPath}.subtype`)?.value),
  },
  {
    kind: "RFC 2231 parameter",
    reason:
      "The index decodes RFC 2231 continuations and charsets, as RFC 9051 §7.5.2 says servers SHOULD; Dovecot sends them as written (name*0, name*=utf-8''...).",
    matches: (d, context) => d.partPath !== undefined && hasEncodedParameter(context.dovecot, d.partPath),
  },
  {
    kind: "encoded message/rfc822",
    reason:
      "A message/rfc822 part in base64 or quoted-printable breaks RFC 2046 §5.2.1; Dovecot parses the encoded text as if it were a message and shows an empty envelope, we show application/octet-stream so the client decodes it and opens the message.",
    matches: (d, context) => isEncodedMessagePart(context, d.path),
  },
];

/** Single corpus messages whose headers break RFC 5322 so that there is no right reading. Matched by file and path. */
const CORPUS_SPECIFIC_DIFFERENCES: { file: string; pathPrefix: string; note: string }[] = [
  { file: "spam-2/00528.", pathPrefix: "envelope.to", note: "malformed To '<a@b>knoshaug.com, ...': Dovecot stops after the first address, the index reads on and takes the text after '>' as the name" },
  { file: "spam-2/00011.", pathPrefix: "envelope.", note: "malformed 'a@b <a@b>' (an '@' in the display name): Dovecot drops the name" },
  { file: "spam-2/00038.", pathPrefix: "envelope.to", note: "malformed 'oolas@Cybertizens@msn.net'" },
  { file: "spam-2/00080.", pathPrefix: "envelope.", note: "malformed 'ndtuftrzzsglsvnz@uksyz@21cn.com'" },
  { file: "spam-2/00135.", pathPrefix: "envelope.sender", note: "malformed 'zvfjenphuq@[1086695621] [ufa]'" },
  { file: "spam-2/00136.", pathPrefix: "envelope.sender", note: "malformed 'zvfjenphuq@[1086695621] [pi]'" },
  { file: "spam-2/00557.", pathPrefix: "envelope.", note: "malformed From with a quoted local part and a route-like ':' before '<info@nextmail.net>'" },
];

function areSameBytes(d: Difference, normalize: (bytes: Buffer) => Buffer): boolean {
  return d.dovecot.kind === "string" && d.ours.kind === "string" && normalize(d.dovecot.bytes).equals(normalize(d.ours.bytes));
}

function containsPlaceholder(list: WireValue | undefined): boolean {
  if (list?.kind !== "list") return false;
  return list.items.some((address) => address.kind === "list" && address.items.some((part) => part.kind === "string" && PLACEHOLDERS.has(part.bytes.toString("latin1"))));
}

function unquote(text: string): string | null {
  return /^"(.*)"$/s.test(text) ? text.slice(1, -1).replace(/\\(.)/gs, "$1") : null;
}

function isEmptyString(value: WireValue | undefined): boolean {
  return value?.kind === "string" && value.bytes.length === 0;
}

/** True when Dovecot shows a parameter of the part still in RFC 2231 form, its name ending in "*" and a digit or "*". */
function hasEncodedParameter(flattened: FlattenedItem, partPath: string): boolean {
  for (const value of flattened.values.values()) {
    if (value.partPath === partPath && value.field === "parameter name" && value.value.kind === "string" && value.value.bytes.includes("*")) return true;
  }
  return false;
}

function findCorpusSpecificDifference(sample: AgreementSample, difference: Difference): string | undefined {
  const entry = CORPUS_SPECIFIC_DIFFERENCES.find(({ file, pathPrefix }) => sample.name.includes(`/${file}`) && difference.path.startsWith(pathPrefix));
  return entry && `corpus-specific (${entry.file})`;
}

/** True when `path` is in or at a part that Dovecot shows as message/rfc822 in base64 or quoted-printable and we as application/octet-stream. */
function isEncodedMessagePart(context: DifferenceContext, path: string): boolean {
  const text = (value: WireValue | undefined) => (value?.kind === "string" ? value.bytes.toString("latin1").toLowerCase() : null);
  for (let partPath = path; partPath.includes("."); partPath = partPath.slice(0, partPath.lastIndexOf("."))) {
    const theirs = (field: string) => text(context.dovecot.values.get(`${partPath}.${field}`)?.value);
    const mine = (field: string) => text(context.ours.values.get(`${partPath}.${field}`)?.value);
    const isEncoded = theirs("encoding") === "base64" || theirs("encoding") === "quoted-printable";
    if (theirs("type") === "message" && theirs("subtype") === "rfc822" && isEncoded && mine("type") === "application" && mine("subtype") === "octet-stream") return true;
  }
  return false;
}

/** True when a Content-Transfer-Encoding line of the message has `encoding` followed by white space and more that is not a comment. */
function hasTextAfterEncoding(raw: Buffer, encoding: string): boolean {
  const prefix = "content-transfer-encoding:";
  return raw
    .toString("latin1")
    .split("\r\n")
    .some((line) => {
      if (!line.toLowerCase().startsWith(prefix)) return false;
      const value = line.slice(prefix.length).trim();
      const rest = value.slice(encoding.length);
      return value.toLowerCase().startsWith(encoding) && /^[ \t]+[^\s(]/.test(rest);
    });
}

function countOccurrences(raw: Buffer, text: string): number {
  let count = 0;
  for (let at = raw.indexOf(text); at >= 0; at = raw.indexOf(text, at + text.length)) count++;
  return count;
}

/** True when both sizes are numbers and ours is larger by between `least` and `most`. */
function isSizeShortBy(d: Difference, least: number, most: number): boolean {
  if (d.dovecot.kind !== "atom" || d.ours.kind !== "atom") return false;
  const shortBy = Number(d.ours.text) - Number(d.dovecot.text);
  return shortBy >= least && shortBy <= most;
}

/** True when Dovecot's parameter list at `listPath` repeats a name and ours is that list with only the first of each name. */
function isFirstOfRepeatedParameters(context: DifferenceContext, listPath: string): boolean {
  const readList = (flattened: FlattenedItem) => {
    const items: string[] = [];
    for (let k = 0; flattened.values.has(`${listPath}[${k}]`); k++) {
      const value = flattened.values.get(`${listPath}[${k}]`)!.value;
      const text = value.kind === "string" ? value.bytes.toString("latin1") : showWireValue(value);
      items.push(k % 2 === 0 ? text.toLowerCase() : text);
    }
    return items;
  };
  const theirs = readList(context.dovecot);
  const firsts: string[] = [];
  for (let k = 0; k + 1 < theirs.length; k += 2) {
    if (!firsts.some((name, i) => i % 2 === 0 && name === theirs[k])) firsts.push(theirs[k]!, theirs[k + 1]!);
  }
  return firsts.length < theirs.length && JSON.stringify(firsts) === JSON.stringify(readList(context.ours));
}

/** A BODY or TEXT key of SEARCH criteria: its string lower-cased, and whether NOT stands right before it. */
type TextTerm = { key: "BODY" | "TEXT"; text: string; isNegated: boolean };

function readTextTerms(criteria: string): TextTerm[] {
  return [...criteria.matchAll(/(NOT )?\b(BODY|TEXT) "([^"]*)"/g)].map((match) => ({ key: match[2] as TextTerm["key"], text: match[3]!.toLowerCase(), isNegated: match[1] !== undefined }));
}

/** The envelope fields named by the FROM, TO, CC and BCC keys of SEARCH criteria. */
function readAddressKeys(criteria: string): string[] {
  return [...criteria.matchAll(/\b(FROM|TO|CC|BCC) "/g)].map((match) => match[1]!.toLowerCase());
}

/** Whether a message that only `seer` sees the term in is found by `foundBy` alone: by the seer, or under NOT by the other. */
function isFoundOnlyBy(term: TextTerm, seer: Side, foundBy: Side): boolean {
  return (foundBy === seer) !== term.isNegated;
}

/** The leaf parts of a message, those of embedded messages included, in document order. */
function listLeafParts(root: MimePart): MimePart[] {
  const leaves: MimePart[] = [];
  const visit = (part: MimePart): void => {
    if (part.children) part.children.forEach(visit);
    else if (part.message) visit(part.message.root);
    else leaves.push(part);
  };
  visit(root);
  return leaves;
}

/** True when a text/* part other than plain and html, or a message/* part we do not parse, holds `term` (lower-case). */
function isInOtherTextPart(raw: Buffer, term: string): boolean {
  return listLeafParts(parseMessage(raw).root).some((part) => {
    const isOther = part.type === "message" || (part.type === "text" && part.subtype !== "plain" && part.subtype !== "html");
    return isOther && decodeTextBody(raw, part).toLowerCase().includes(term);
  });
}

/** True when the header of a body part or of an embedded message (not the message's own) holds `term` (lower-case). */
function isInPartHeader(raw: Buffer, term: string): boolean {
  const headers: string[] = [];
  const visit = (part: MimePart, isRoot: boolean): void => {
    if (!isRoot) headers.push(raw.subarray(part.headerStart, part.headerEnd).toString("latin1").toLowerCase());
    part.children?.forEach((child) => visit(child, false));
    if (part.message) visit(part.message.root, false);
  };
  visit(parseMessage(raw).root, true);
  return headers.some((header) => header.includes(term));
}

function readFirstLine(raw: Buffer): string {
  return raw.subarray(0, Math.max(0, raw.indexOf("\r\n"))).toString("latin1").toLowerCase();
}

/** True when a text/html part of the message holds `term` (lower-case) in its source but not in the text converted from it. */
function isOnlyInHtmlMarkup(raw: Buffer, term: string): boolean {
  return listLeafParts(parseMessage(raw).root).some((part) => {
    if (part.type !== "text" || part.subtype !== "html") return false;
    const html = decodeTextBody(raw, part);
    return html.toLowerCase().includes(term) && !convertHtmlToText(html).toLowerCase().includes(term);
  });
}

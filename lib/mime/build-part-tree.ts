// Splits a raw message into its tree of MIME parts with absolute byte offsets, in one pass over the
// bytes. Every delimiter line is matched against all open multiparts, innermost first, so a part that
// never sees its own close delimiter still ends where an outer delimiter starts.
import { buildEnvelope } from "./build-envelope.ts";
import { findEndBeforeDelimiter, scanToDelimiter, type DelimiterHit } from "./match-delimiter.ts";
import type { MimePart } from "./message-index.ts";
import { parseContentHeaders, type DefaultContentType } from "./parse-content-headers.ts";
import { readHeaderBlock, type HeaderField } from "./read-header-block.ts";

/** Multipart and message nesting beyond this is indexed as a leaf: a nesting bomb costs a flat scan. */
export const MAX_NESTING_DEPTH = 50;
/** Parts beyond this many are scanned over but not indexed, so one message cannot bloat the stored JSON. */
export const MAX_INDEXED_PARTS = 1000;

/** Transfer encodings under which an embedded message is readable in place (RFC 2046 §5.2.1 allows only these). */
const IDENTITY_ENCODINGS = new Set(["7bit", "8bit", "binary"]);

type TreeContext = { raw: Buffer; indexedParts: number };

type ParsedEntity = { part: MimePart; fields: HeaderField[]; hit: DelimiterHit | null };

/** The MIME tree of a whole message, with the message's own header fields. */
export function buildPartTree(raw: Buffer): { root: MimePart; fields: HeaderField[] } {
  const context: TreeContext = { raw, indexedParts: 0 };
  const { part, fields } = parseEntity(context, 0, { section: "", depth: 0, defaultType: "text/plain", boundaries: [], isMessageRoot: true });
  return { root: part, fields };
}

type EntityPlace = {
  section: string;
  depth: number;
  defaultType: DefaultContentType;
  /** Boundaries of the enclosing multiparts, outermost first. */
  boundaries: readonly Buffer[];
  /** True for the top-level message and the root of an embedded message. */
  isMessageRoot: boolean;
};

/**
 * Parses the entity (header and body) starting at `start`. It ends at the first delimiter line of an
 * enclosing multipart, returned as `hit`, or at the end of the message.
 */
function parseEntity(context: TreeContext, start: number, place: EntityPlace): ParsedEntity {
  const { raw } = context;
  context.indexedParts++;
  const header = readHeaderBlock(raw, start, place.boundaries);
  const content = parseContentHeaders(raw, isMimeEntity(header.fields, place) ? header.fields : [], place.defaultType);
  const part: MimePart = { section: place.section, headerStart: start, headerEnd: header.end, bodyStart: header.end, bodyEnd: header.end, ...content };
  let hit = header.hit;

  if (!hit) {
    const boundary = readBoundary(part);
    const canNest = place.depth < MAX_NESTING_DEPTH;
    if (canNest && part.type === "multipart" && boundary) {
      hit = parseMultipartBody(context, part, boundary, place);
    } else if (canNest && isEmbeddedMessage(part) && context.indexedParts < MAX_INDEXED_PARTS) {
      hit = parseEmbeddedMessage(context, part, place);
    } else {
      hit = scanToDelimiter(raw, part.bodyStart, place.boundaries);
      part.bodyEnd = hit ? findEndBeforeDelimiter(raw, hit.lineStart, part.bodyStart) : raw.length;
    }
  }

  if (part.type === "text" || isMessageType(part)) part.lines = countLineFeeds(raw, part.bodyStart, part.bodyEnd);
  return { part, fields: header.fields, hit };
}

/**
 * Splits a multipart body (RFC 2046 §5.1.1). The preamble before the first delimiter and the epilogue
 * after the close delimiter are not parts. A missing close delimiter ends the last part where the
 * multipart ends. Returns the delimiter of an enclosing multipart that ended this one, if any.
 */
function parseMultipartBody(context: TreeContext, part: MimePart, boundary: Buffer, place: EntityPlace): DelimiterHit | null {
  const { raw } = context;
  const boundaries = [...place.boundaries, boundary];
  const ownLevel = boundaries.length - 1;
  const childDefault: DefaultContentType = part.subtype === "digest" ? "message/rfc822" : "text/plain";
  const childPrefix = place.section ? `${place.section}.` : "";
  const children: MimePart[] = [];
  let childCount = 0;

  let hit = scanToDelimiter(raw, part.bodyStart, boundaries);
  // a close delimiter before any part is malformed; like mailsplit, read it as more preamble
  while (hit && hit.level === ownLevel && hit.isClose) hit = scanToDelimiter(raw, hit.lineEnd, boundaries);

  while (hit && hit.level === ownLevel && !hit.isClose) {
    childCount++;
    const childStart = hit.lineEnd;
    if (context.indexedParts < MAX_INDEXED_PARTS) {
      const child = parseEntity(context, childStart, {
        section: `${childPrefix}${childCount}`,
        depth: place.depth + 1,
        defaultType: childDefault,
        boundaries,
        isMessageRoot: false,
      });
      children.push(child.part);
      hit = child.hit;
    } else {
      hit = scanToDelimiter(raw, childStart, boundaries);
    }
  }

  if (hit && hit.level === ownLevel) {
    // the close delimiter: from here on our own boundary is epilogue text, only enclosing ones count
    hit = scanToDelimiter(raw, hit.lineEnd, place.boundaries);
  }
  part.bodyEnd = hit ? findEndBeforeDelimiter(raw, hit.lineStart, part.bodyStart) : raw.length;
  // a multipart in which no part was found is indexed as a leaf, so its body can still be fetched
  if (children.length > 0) part.children = children;
  return hit;
}

/**
 * Parses the message inside a message/rfc822 part. Its root gets the part's section: "2.HEADER" and
 * "2.1" address into it. A top-level message that is itself message/rfc822 has its body as part "1",
 * so the embedded root is "1" there (RFC 3501 §6.4.5).
 */
function parseEmbeddedMessage(context: TreeContext, part: MimePart, place: EntityPlace): DelimiterHit | null {
  const section = place.isMessageRoot ? (place.section ? `${place.section}.1` : "1") : place.section;
  const embedded = parseEntity(context, part.bodyStart, {
    section,
    depth: place.depth + 1,
    defaultType: "text/plain",
    boundaries: place.boundaries,
    isMessageRoot: true,
  });
  part.message = { envelope: buildEnvelope(context.raw, embedded.fields), root: embedded.part };
  part.bodyEnd = embedded.part.bodyEnd;
  return embedded.hit;
}

/**
 * RFC 2045 §4: a message without MIME-Version is not MIME, so its Content-* fields mean nothing and its
 * body is plain US-ASCII text as it stands. Like Dovecot, a Content-Type also makes a message MIME (many
 * mailers send it without MIME-Version), and a MIME-Version of any value or place counts. A body part of
 * a multipart is MIME by being one. This holds for embedded messages too: a message/rfc822 body is a message.
 */
function isMimeEntity(fields: readonly HeaderField[], place: EntityPlace): boolean {
  return !place.isMessageRoot || fields.some((field) => field.name === "mime-version" || field.name === "content-type");
}

/** message/global is message/rfc822 with UTF-8 headers (RFC 6532 §3.7); IMAP describes both alike (RFC 9051 §7.5.2). */
function isMessageType(part: MimePart): boolean {
  return part.type === "message" && (part.subtype === "rfc822" || part.subtype === "global");
}

function isEmbeddedMessage(part: MimePart): boolean {
  return isMessageType(part) && IDENTITY_ENCODINGS.has(part.encoding);
}

/**
 * The boundary as bytes, or null when it cannot delimit anything. A boundary is 7-bit (RFC 2046 §5.1.1
 * bchars) and cannot end in a space; one with other characters is treated as missing, as Python and
 * mailsplit treat it.
 */
function readBoundary(part: MimePart): Buffer | null {
  const value = (part.params.boundary ?? "").trimEnd();
  if (!value || !/^[\x20-\x7e]+$/.test(value)) return null;
  return Buffer.from(value, "latin1");
}

function countLineFeeds(raw: Buffer, start: number, end: number): number {
  // a view ending at `end`, so the last search does not run on to the end of the message
  const body = raw.subarray(0, end);
  let count = 0;
  for (let pos = body.indexOf(0x0a, start); pos >= 0; pos = body.indexOf(0x0a, pos + 1)) count++;
  return count;
}

// Checks parseMessage against an independent MIME splitter, @zone-eu/mailsplit, on every message of the
// SpamAssassin public corpus: both must find the same parts, with the same header and body bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Transform } from "node:stream";
import mailsplit from "@zone-eu/mailsplit";
import { describe, expect, it } from "vitest";
import { listPartTreeProblems } from "./list-part-tree-problems.ts";
import type { MimePart } from "./message-index.ts";
import { parseMessage } from "./parse-message.ts";
import { locateCorpus } from "../../scripts/test-support/corpus.ts";

/** Where mailsplit puts a part: absolute offsets, and whether it split the part any further. */
type Span = { headerStart: number; headerEnd: number; bodyEnd: number; isLeaf: boolean; endsInData: boolean };

type SplitNode = { type: "node"; parentNode: SplitNode | false; messageNode?: boolean; getHeaders(): Buffer };
type SplitChunk = SplitNode | { type: "data" | "body"; node: SplitNode; value: Buffer };

/**
 * Runs mailsplit over `raw` and returns each part's span keyed like `flattenParts` keys ours: the IMAP
 * section, with "msg:" in front for the root of a message. mailsplit's own part numbers are not IMAP's
 * for a top-level message/rfc822, so sections are derived from its tree here, by the IMAP rules.
 */
function splitWithMailsplit(raw: Buffer): Promise<Map<string, Span>> {
  return new Promise((resolve, reject) => {
    // defaultInlineEmbedded: look into every message/rfc822 that is not an attachment, as far as mailsplit goes
    const splitter = new mailsplit.Splitter({ defaultInlineEmbedded: true });
    type Entry = { key: string; section: string; isMessageRoot: boolean; children: number; parent?: Entry; span: Span };
    const entries = new Map<SplitNode, Entry>();
    let offset = 0;
    let failure: string | null = null;
    const take = (bytes: Buffer) => {
      // offsets stand for mailsplit's bytes only if its chunks are exactly the raw bytes in order
      if (!failure && !raw.subarray(offset, offset + bytes.length).equals(bytes)) failure = `mailsplit's output differs from the input at byte ${offset}`;
      offset += bytes.length;
    };
    const extend = (entry: Entry | undefined, isData: boolean) => {
      for (let current = entry; current; current = current.parent) {
        current.span.bodyEnd = offset;
        current.span.endsInData = isData;
      }
    };
    splitter.on("data", (chunk: SplitChunk) => {
      if (chunk.type !== "node") {
        take(chunk.value);
        extend(entries.get(chunk.node), chunk.type === "data");
        return;
      }
      const parent = chunk.parentNode ? entries.get(chunk.parentNode) : undefined;
      let section = "";
      let isMessageRoot = true;
      if (parent) {
        parent.span.isLeaf = false;
        if (chunk.parentNode && chunk.parentNode.messageNode) {
          // the root of an embedded message; a message root that is message/rfc822 has it as its body "1"
          section = parent.isMessageRoot ? (parent.section ? `${parent.section}.1` : "1") : parent.section;
        } else {
          parent.children++;
          section = parent.section ? `${parent.section}.${parent.children}` : `${parent.children}`;
          isMessageRoot = false;
        }
      }
      const headerStart = offset;
      take(chunk.getHeaders());
      const span: Span = { headerStart, headerEnd: offset, bodyEnd: offset, isLeaf: true, endsInData: false };
      entries.set(chunk, { key: isMessageRoot ? `msg:${section}` : section, section, isMessageRoot, children: 0, parent, span });
      extend(parent, false);
    });
    // mailsplit's typings declare only its "data" event, hiding the Transform events it also emits
    const stream = splitter as unknown as Transform;
    stream.on("error", reject);
    stream.on("end", () => {
      if (failure) return reject(new Error(failure));
      if (offset !== raw.length) return reject(new Error(`mailsplit emitted ${offset} of ${raw.length} bytes`));
      resolve(new Map([...entries.values()].map((entry) => [entry.key, entry.span])));
    });
    // One write per line: within one write mailsplit merges consecutive "data" lines into a single chunk
    // labelled with the node of the first line, which would hide where a multipart's epilogue ends.
    for (let pos = 0; pos < raw.length; ) {
      const lineFeed = raw.indexOf(0x0a, pos);
      const end = lineFeed < 0 ? raw.length : lineFeed + 1;
      splitter.write(raw.subarray(pos, end));
      pos = end;
    }
    splitter.end();
  });
}

type FlatPart = { part: MimePart; containers: string[]; parent?: MimePart };

/** Our parts keyed like mailsplit's, each with the keys of the message/rfc822 parts it is embedded in, and its multipart. */
function flattenParts(root: MimePart): Map<string, FlatPart> {
  const parts = new Map<string, FlatPart>();
  const visit = (part: MimePart, key: string, containers: string[], parent?: MimePart) => {
    parts.set(key, { part, containers, parent });
    for (const child of part.children ?? []) visit(child, child.section, containers, part);
    if (part.message) visit(part.message.root, `msg:${part.message.root.section}`, [...containers, key]);
  };
  visit(root, "msg:", []);
  return parts;
}

const isLineBreakAt = (raw: Buffer, start: number, end: number) =>
  (end - start === 1 && raw[start] === 0x0a) || (end - start === 2 && raw[start] === 0x0d && raw[start + 1] === 0x0a);

/**
 * Brings a mailsplit span in line with RFC 2046 §5.1.1, which says the line break in front of a boundary
 * delimiter belongs to the delimiter, not to the part before it. mailsplit agrees for the body of a leaf,
 * with two exceptions, where it keeps that line break in the part:
 *   - a multipart whose epilogue, or close delimiter line, runs up to an outer delimiter: the line break
 *     ends the last "data" line of the inner multipart (and of a message/rfc822 part holding it);
 *   - a leaf whose body is nothing but that line break: mailsplit reports it as the body on purpose.
 * In both cases the span is followed by a delimiter line, so the fix is to end it before the line break.
 */
function normaliseSpan(raw: Buffer, span: Span): { bodyEnd: number; isNormalised: boolean } {
  const { headerEnd, bodyEnd } = span;
  const isFollowedByDelimiter = bodyEnd < raw.length && raw[bodyEnd] === 0x2d && raw[bodyEnd + 1] === 0x2d;
  if (!isFollowedByDelimiter) return { bodyEnd, isNormalised: false };
  const lineBreak = raw[bodyEnd - 2] === 0x0d && raw[bodyEnd - 1] === 0x0a ? 2 : raw[bodyEnd - 1] === 0x0a ? 1 : 0;
  const isOnlyLineBreak = isLineBreakAt(raw, headerEnd, bodyEnd);
  if (lineBreak === 0 || !(span.endsInData || isOnlyLineBreak)) return { bodyEnd, isNormalised: false };
  return { bodyEnd: Math.max(headerEnd, bodyEnd - lineBreak), isNormalised: true };
}

/**
 * Where the last part of a multipart ends when its close delimiter line carries text after the "--"
 * ("--b--</BODY></HTML>"): parseMessage ends the multipart there, as Dovecot does (RFC 2046 §5.1.1 has
 * the boundary compared with the start of the line), while mailsplit wants the line exact and runs the
 * part on. Null unless the first close delimiter of `boundary` in the span is such a line.
 */
function findGluedCloseDelimiterEnd(raw: Buffer, span: Span, boundary: string | undefined): number | null {
  if (!boundary) return null;
  const close = Buffer.from(`\n--${boundary}--`, "latin1");
  const at = raw.indexOf(close, span.headerEnd - 1);
  if (at < 0 || at >= span.bodyEnd) return null;
  const next = raw[at + close.length];
  if (next === undefined || next === 0x20 || next === 0x09 || next === 0x0d || next === 0x0a) return null;
  return Math.max(span.headerEnd, raw[at - 1] === 0x0d ? at - 1 : at);
}

type Comparison = { mismatches: string[]; normalised: number; gluedClose: number; embeddedLeft: number; parts: number };

async function compareWithMailsplit(file: string, raw: Buffer, root: MimePart, result: Comparison): Promise<void> {
  const ours = flattenParts(root);
  const theirs = await splitWithMailsplit(raw);
  const name = path.basename(file);
  for (const key of theirs.keys()) {
    if (!ours.has(key)) result.mismatches.push(`${name}: mailsplit finds part "${key}", parseMessage does not`);
  }
  for (const [key, { part, containers, parent }] of ours) {
    const span = theirs.get(key);
    if (!span) {
      // mailsplit does not look into a message/rfc822 that is an attachment, nor into message/global, nor into
      // a part of multipart/digest without Content-Type (RFC 2046 §5.1.5 makes it message/rfc822); it treats
      // those as leaves. Their own spans are still compared; what we found inside them has no counterpart.
      if (containers.some((container) => theirs.get(container)?.isLeaf)) {
        result.embeddedLeft++;
        continue;
      }
      result.mismatches.push(`${name}: parseMessage finds part "${key}", mailsplit does not`);
      continue;
    }
    result.parts++;
    const header = raw.subarray(part.headerStart, part.headerEnd);
    if (!header.equals(raw.subarray(span.headerStart, span.headerEnd))) {
      result.mismatches.push(`${name} part "${key}": header [${part.headerStart}, ${part.headerEnd}) vs mailsplit [${span.headerStart}, ${span.headerEnd})`);
    }
    const normalised = normaliseSpan(raw, span);
    if (normalised.isNormalised) result.normalised++;
    let bodyEnd = normalised.bodyEnd;
    const gluedCloseEnd = findGluedCloseDelimiterEnd(raw, span, parent?.params.boundary);
    if (gluedCloseEnd !== null && gluedCloseEnd === part.bodyEnd) {
      bodyEnd = gluedCloseEnd;
      result.gluedClose++;
    }
    if (!raw.subarray(part.bodyStart, part.bodyEnd).equals(raw.subarray(span.headerEnd, bodyEnd)) || part.bodyStart !== span.headerEnd) {
      result.mismatches.push(`${name} part "${key}": body [${part.bodyStart}, ${part.bodyEnd}) vs mailsplit [${span.headerEnd}, ${bodyEnd})`);
    }
  }
}

const corpus = locateCorpus();

describe("parseMessage on the SpamAssassin corpus", () => {
  if ("reason" in corpus) {
    console.warn(`SpamAssassin corpus test not run: ${corpus.reason}`);
    it.skip(`needs the corpus: ${corpus.reason}`, () => {});
    return;
  }

  it("reads every message the corpus lists", () => {
    const total = corpus.directories.reduce((sum, directory) => sum + directory.files.length, 0);
    if (corpus.listed !== null) expect(total).toBe(corpus.listed);
    expect(total).toBeGreaterThan(6000);
  });

  /** Parses each message, checks the index on its own, then against mailsplit; logs what was normalised. */
  async function checkMessages(label: string, messages: { file: string; raw: Buffer }[]): Promise<string[]> {
    const result: Comparison = { mismatches: [], normalised: 0, gluedClose: 0, embeddedLeft: 0, parts: 0 };
    for (const { file, raw } of messages) {
      const parsed = parseMessage(raw);
      const problems = listPartTreeProblems(parsed.root, raw.length);
      if (problems.length > 0) result.mismatches.push(`${path.basename(file)}: ${problems.join("; ")}`);
      if (JSON.stringify(JSON.parse(JSON.stringify(parsed))) !== JSON.stringify(parsed)) result.mismatches.push(`${path.basename(file)}: index is not plain JSON`);
      await compareWithMailsplit(file, raw, parsed.root, result);
    }
    console.log(
      `${label}: ${messages.length} messages, ${result.parts} parts equal to mailsplit's` +
        ` (${result.normalised} after moving a line break to its delimiter, RFC 2046 §5.1.1,` +
        ` ${result.gluedClose} ended at a close delimiter with text after it),` +
        ` ${result.embeddedLeft} parts inside messages mailsplit does not split`,
    );
    return result.mismatches.slice(0, 20);
  }

  it.each(corpus.directories.map((directory) => [directory.name, directory.files] as const))(
    "splits every message of %s as mailsplit does",
    async (directoryName, files) => {
      const messages = files.map((file) => ({ file, raw: readFileSync(file) }));
      expect(await checkMessages(directoryName, messages)).toEqual([]);
    },
    60_000,
  );

  it("splits CRLF copies of every fifth message as mailsplit does", async () => {
    // the corpus is stored with bare LF; the wire and most stores use CRLF, where the line break that
    // belongs to a delimiter is two bytes
    const messages = corpus.directories
      .flatMap((directory) => directory.files)
      .filter((_, index) => index % 5 === 0)
      .map((file) => ({ file, raw: Buffer.from(readFileSync(file, "latin1").replace(/\r?\n/g, "\r\n"), "latin1") }));
    expect(await checkMessages("CRLF copies", messages)).toEqual([]);
  }, 60_000);
});

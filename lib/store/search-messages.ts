import type { Prisma } from "../generated/postgres/client.ts";
import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { searchMessageText } from "../db-full-text.ts";
import { readHeaderBlock } from "../mime/read-header-block.ts";
import { readFieldValue } from "../mime/read-field-value.ts";
import { decodeHeaderWords } from "../mime/decode-header-words.ts";
import { SYSTEM_FLAG_COLUMNS, type SystemFlag } from "./flags.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { uidFilter, type UidRanges } from "./uid-ranges.ts";
import type { StoreDeps } from "./store-deps.ts";

/** Search criteria of IMAP SEARCH (RFC 9051 §6.4.4) and webmail, with sequence numbers already turned into UIDs. */
export type SearchKey =
  | { type: "all" }
  | { type: "flag"; flag: string; isSet: boolean }
  | { type: "uid"; uids: UidRanges }
  | { type: "date"; field: "internal" | "sent"; op: "before" | "on" | "since"; day: string /* YYYY-MM-DD */ }
  | { type: "size"; op: "larger" | "smaller"; bytes: number }
  | { type: "header"; field: string; value: string }
  | { type: "text"; where: "body" | "text"; value: string }
  | { type: "modseq"; since: bigint }
  | { type: "and"; keys: SearchKey[] }
  | { type: "or"; left: SearchKey; right: SearchKey }
  | { type: "not"; key: SearchKey };

type Where = Prisma.MessageWhereInput;

/**
 * UIDs of the folder's messages that match, ascending. Text criteria are answered by the
 * full-text index first (case-insensitive substring, as IMAP wants); header criteria then check the
 * named field in the message's own header bytes, so "HEADER X-Spam yes" does not match a body.
 */
export async function searchMessages(deps: StoreDeps, input: { mailboxId: string; folder: FolderRef; key: SearchKey }): Promise<number[]> {
  const { db } = deps;
  const folder = await findFolder(db, input.mailboxId, input.folder);
  const headerChecks: { field: string; value: string }[] = [];
  const where = await compile(db, folder.id, input.key, headerChecks);
  const rows = await db.message.findMany({ where: { folderId: folder.id, ...where }, orderBy: { uid: "asc" }, select: { uid: true, blobHash: true, bodyStructure: true } });
  if (headerChecks.length === 0) return rows.map((row) => row.uid);
  // Header criteria were narrowed by the index; confirm each one on the header bytes.
  const matches: number[] = [];
  for (const row of rows) {
    const headerEnd = (JSON.parse(row.bodyStructure) as { headerEnd: number }).headerEnd;
    const header = await deps.blobs.getRange(row.blobHash, 0, headerEnd);
    if (headerChecks.every((check) => headerMatches(header, check))) matches.push(row.uid);
  }
  return matches;
}

async function compile(db: Db, folderId: string, key: SearchKey, headerChecks: { field: string; value: string }[], isNegated = false): Promise<Where> {
  switch (key.type) {
    case "all":
      return {};
    case "flag":
      return flagWhere(key.flag, key.isSet);
    case "uid":
      return uidFilter(key.uids);
    case "size":
      return { size: key.op === "larger" ? { gt: key.bytes } : { lt: key.bytes } };
    case "modseq":
      return { modseq: { gte: key.since } };
    case "date":
      return dateWhere(key);
    case "text":
    case "header": {
      // An empty string matches every message (RFC 9051: substring of anything).
      if (key.value === "") return key.type === "header" ? { id: { in: await idsWithHeader(db, folderId, key.field) } } : {};
      const ids = await searchMessageText(db, providerOf(db), folderId, key.type === "header" ? "headers" : key.where, key.value);
      // Under NOT the exact check cannot run afterwards, so a header key there counts on the index alone.
      if (key.type === "header" && !isNegated) headerChecks.push({ field: key.field, value: key.value });
      return { id: { in: [...ids] } };
    }
    case "and":
      return { AND: await Promise.all(key.keys.map((k) => compile(db, folderId, k, headerChecks, isNegated))) };
    case "or":
      return { OR: [await compile(db, folderId, key.left, [], isNegated), await compile(db, folderId, key.right, [], isNegated)] };
    case "not":
      return { NOT: await compile(db, folderId, key.key, [], !isNegated) };
  }
}

function flagWhere(flag: string, isSet: boolean): Where {
  const system = (Object.keys(SYSTEM_FLAG_COLUMNS) as SystemFlag[]).find((name) => name.toLowerCase() === flag.toLowerCase());
  if (system) return { [SYSTEM_FLAG_COLUMNS[system]]: isSet };
  if (flag.startsWith("\\")) return isSet ? { id: { in: [] } } : {};
  // Keywords are stored space-separated; match the whole word.
  const word = { OR: [{ keywords: flag }, { keywords: { startsWith: `${flag} ` } }, { keywords: { endsWith: ` ${flag}` } }, { keywords: { contains: ` ${flag} ` } }] };
  return isSet ? word : { NOT: word };
}

function dateWhere(key: Extract<SearchKey, { type: "date" }>): Where {
  // RFC 9051: dates compare by day, disregarding time and time zone; days are taken in UTC.
  const start = new Date(`${key.day}T00:00:00Z`);
  const end = new Date(start.getTime() + 86_400_000);
  const range = key.op === "before" ? { lt: start } : key.op === "since" ? { gte: start } : { gte: start, lt: end };
  return key.field === "internal" ? { internalDate: range } : { sentDate: range };
}

async function idsWithHeader(db: Db, folderId: string, field: string): Promise<string[]> {
  return [...(await searchMessageText(db, providerOf(db), folderId, "headers", `${field.toLowerCase()}:`))];
}

function headerMatches(header: Buffer, check: { field: string; value: string }): boolean {
  const name = check.field.toLowerCase();
  const needle = check.value.toLowerCase();
  return readHeaderBlock(header, 0).fields.some((field) => field.name === name && decodeHeaderWords(readFieldValue(header, field)).toLowerCase().includes(needle));
}

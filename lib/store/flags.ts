import { AppError } from "../errors.ts";
import { toBool } from "../db-row.ts";

/** The system flags a message can carry (RFC 9051 §2.3.2) and the columns that hold them. */
export const SYSTEM_FLAG_COLUMNS = {
  "\\Seen": "isSeen",
  "\\Answered": "isAnswered",
  "\\Flagged": "isFlagged",
  "\\Deleted": "isDeleted",
  "\\Draft": "isDraft",
} as const;

export type SystemFlag = keyof typeof SYSTEM_FLAG_COLUMNS;
export type FlagColumns = { isSeen: boolean; isAnswered: boolean; isFlagged: boolean; isDeleted: boolean; isDraft: boolean; keywords: string };

const MAX_KEYWORDS = 64;
const MAX_KEYWORD_LENGTH = 128;
// RFC 9051 flag-keyword = atom: no controls, space or atom-specials ( ) { % * " \ ].
const KEYWORD = /^[^\s(){%*"\\\]\u0000-\u001f\u007f]+$/;

/** Parses flags as clients send them: system flags by name (any case), keywords as atoms. */
export function parseFlags(flags: readonly string[]): { system: Set<SystemFlag>; keywords: string[] } {
  const system = new Set<SystemFlag>();
  const keywords = new Map<string, string>();
  for (const flag of flags) {
    if (flag.startsWith("\\")) {
      const known = (Object.keys(SYSTEM_FLAG_COLUMNS) as SystemFlag[]).find((name) => name.toLowerCase() === flag.toLowerCase());
      // \Recent is the server's to set (and gone in IMAP4rev2); anything else is no system flag.
      if (!known) throw new AppError("INVALID_INPUT", `${flag.slice(0, 40)} is not a flag that can be stored.`);
      system.add(known);
    } else {
      if (!KEYWORD.test(flag) || flag.length > MAX_KEYWORD_LENGTH) throw new AppError("INVALID_INPUT", `${JSON.stringify(flag.slice(0, 40))} is not a valid keyword.`);
      // Keywords compare case-insensitively, as in Dovecot; the first spelling is kept.
      if (!keywords.has(flag.toLowerCase())) keywords.set(flag.toLowerCase(), flag);
    }
  }
  if (keywords.size > MAX_KEYWORDS) throw new AppError("INVALID_INPUT", `A message can carry at most ${MAX_KEYWORDS} keywords.`);
  return { system, keywords: [...keywords.values()] };
}

export function flagsToColumns(flags: readonly string[]): FlagColumns {
  const { system, keywords } = parseFlags(flags);
  return {
    isSeen: system.has("\\Seen"),
    isAnswered: system.has("\\Answered"),
    isFlagged: system.has("\\Flagged"),
    isDeleted: system.has("\\Deleted"),
    isDraft: system.has("\\Draft"),
    keywords: keywords.join(" "),
  };
}

export function columnsToFlags(row: FlagColumns): string[] {
  const flags = (Object.entries(SYSTEM_FLAG_COLUMNS) as [SystemFlag, keyof FlagColumns][]).filter(([, column]) => row[column] === true).map(([flag]) => flag);
  return [...flags, ...splitKeywords(row.keywords)];
}

/** The flag columns, for plain SQL (lib/sql.ts) that reads a message's flags. */
export const FLAG_COLUMNS_SQL = `"isSeen", "isAnswered", "isFlagged", "isDeleted", "isDraft", "keywords"`;

/** The flag columns of a plain-SQL row read with FLAG_COLUMNS_SQL (booleans come as 0/1 on SQLite). */
export function rowToFlagColumns(row: Record<string, unknown>): FlagColumns {
  return {
    isSeen: toBool(row.isSeen),
    isAnswered: toBool(row.isAnswered),
    isFlagged: toBool(row.isFlagged),
    isDeleted: toBool(row.isDeleted),
    isDraft: toBool(row.isDraft),
    keywords: row.keywords as string,
  };
}

/** The flags of a plain-SQL row read with FLAG_COLUMNS_SQL. */
export function rowToFlags(row: Record<string, unknown>): string[] {
  return columnsToFlags(rowToFlagColumns(row));
}

export function splitKeywords(keywords: string): string[] {
  return keywords === "" ? [] : keywords.split(" ");
}

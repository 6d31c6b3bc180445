// Turns one complete command, as command-reader.ts framed it, into a typed Command (command.ts):
//   command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF   (RFC 9051 §9)
// Pure and total: a malformed command yields { ok: false } with the tag whenever one could be read,
// so the session can answer `tag BAD message` (or `* BAD` without a tag). Which commands are allowed in
// which state is the session's business, not the grammar's.

import type { Command, ParseResult } from "./command.ts";
import { parseAppend } from "./parse-append-command.ts";
import { parseList } from "./parse-list-command.ts";
import {
  parseCreate,
  parseGetQuota,
  parseGetQuotaRoot,
  parseLsub,
  parseMailboxOnly,
  parseRename,
  parseSelect,
  parseSetQuota,
  parseStatus,
} from "./parse-mailbox-commands.ts";
import { parseCopyOrMove, parseExpunge, parseFetch, parseSearch, parseSort, parseStore, parseThread } from "./parse-message-commands.ts";
import { parseAuthenticate, parseCompress, parseEnable, parseId, parseLogin } from "./parse-session-commands.ts";
import { TokenCursor } from "./parse-tokens.ts";

export type ParseOptions = {
  /**
   * UTF8=ACCEPT is enabled or the session speaks IMAP4rev2: quoted strings may hold UTF-8 (RFC 6855 §3,
   * RFC 9051 §9 QUOTED-CHAR) and APPEND takes `UTF8 (~{n}...)`. Without it quoted strings are 7-bit
   * (RFC 3501 §9), so 8-bit text must come as a literal.
   */
  utf8?: boolean;
  /** The session speaks IMAP4rev2 (ENABLE IMAP4rev2): status items and search keys follow RFC 9051's grammar. */
  rev2?: boolean;
};

/** Reads a command's arguments: everything after its name, up to (not including) the end of the command. */
type CommandParser = (cursor: TokenCursor, isUid: boolean) => Command | null;

const COMMAND_PARSERS: Record<string, CommandParser | undefined> = {
  CAPABILITY: () => ({ name: "CAPABILITY" }),
  NOOP: () => ({ name: "NOOP" }),
  LOGOUT: () => ({ name: "LOGOUT" }),
  STARTTLS: () => ({ name: "STARTTLS" }),
  NAMESPACE: () => ({ name: "NAMESPACE" }),
  IDLE: () => ({ name: "IDLE" }),
  CHECK: () => ({ name: "CHECK" }),
  CLOSE: () => ({ name: "CLOSE" }),
  UNSELECT: () => ({ name: "UNSELECT" }),
  AUTHENTICATE: (cursor) => parseAuthenticate(cursor),
  LOGIN: (cursor) => parseLogin(cursor),
  ENABLE: (cursor) => parseEnable(cursor),
  ID: (cursor) => parseId(cursor),
  COMPRESS: (cursor) => parseCompress(cursor),
  SELECT: (cursor) => parseSelect(cursor, "SELECT"),
  EXAMINE: (cursor) => parseSelect(cursor, "EXAMINE"),
  CREATE: (cursor) => parseCreate(cursor),
  DELETE: (cursor) => parseMailboxOnly(cursor, "DELETE"),
  SUBSCRIBE: (cursor) => parseMailboxOnly(cursor, "SUBSCRIBE"),
  UNSUBSCRIBE: (cursor) => parseMailboxOnly(cursor, "UNSUBSCRIBE"),
  RENAME: (cursor) => parseRename(cursor),
  LIST: (cursor) => parseList(cursor),
  LSUB: (cursor) => parseLsub(cursor),
  STATUS: (cursor) => parseStatus(cursor),
  APPEND: (cursor) => parseAppend(cursor),
  GETQUOTA: (cursor) => parseGetQuota(cursor),
  GETQUOTAROOT: (cursor) => parseGetQuotaRoot(cursor),
  SETQUOTA: (cursor) => parseSetQuota(cursor),
  EXPUNGE: (cursor, isUid) => parseExpunge(cursor, isUid),
  SEARCH: (cursor, isUid) => parseSearch(cursor, isUid),
  FETCH: (cursor, isUid) => parseFetch(cursor, isUid),
  STORE: (cursor, isUid) => parseStore(cursor, isUid),
  COPY: (cursor, isUid) => parseCopyOrMove(cursor, "COPY", isUid),
  MOVE: (cursor, isUid) => parseCopyOrMove(cursor, "MOVE", isUid),
  SORT: (cursor, isUid) => parseSort(cursor, isUid),
  THREAD: (cursor, isUid) => parseThread(cursor, isUid),
};

/** The commands UID may prefix (RFC 9051 §6.4.9, UIDPLUS RFC 4315, MOVE RFC 6851, SORT/THREAD RFC 5256). */
const UID_COMMANDS = new Set(["FETCH", "STORE", "COPY", "MOVE", "SEARCH", "SORT", "THREAD", "EXPUNGE"]);

/** Parses one complete command: its line(s), any literal data, and the final CRLF (or bare LF). Never throws. */
export function parseCommand(bytes: Buffer, options: ParseOptions = {}): ParseResult {
  let tag: string | null = null;
  try {
    const cursor = new TokenCursor(bytes, { isUtf8Enabled: options.utf8 === true, isRev2: options.rev2 === true });
    if (cursor.isAtEnd()) return { ok: false, tag: null, message: "Empty command" };
    tag = cursor.readTag();
    if (tag === null || !(cursor.isAt(" ") || cursor.isAtEnd())) {
      tag = null;
      return { ok: false, tag: null, message: "Invalid tag" };
    }
    const command = readCommand(cursor);
    if (command === null || !cursor.expectEnd()) return { ok: false, tag, message: cursor.failureMessage ?? "Invalid command" };
    return { ok: true, tag, command };
  } catch {
    // Reaching this is a bug in the grammar code; the client still gets its tagged BAD, not a dropped connection.
    return { ok: false, tag, message: "Command could not be parsed" };
  }
}

function readCommand(cursor: TokenCursor): Command | null {
  let name = cursor.expectSpace("command") ? cursor.readKeyword("command") : null;
  if (name === null) return null;
  const isUid = name === "UID";
  if (isUid) {
    name = cursor.expectSpace("command after UID") ? cursor.readKeyword("command after UID") : null;
    if (name === null) return null;
    if (!UID_COMMANDS.has(name)) return cursor.fail("Invalid command after UID");
  }
  const parse = COMMAND_PARSERS[name];
  return parse ? parse(cursor, isUid) : cursor.fail("Unknown command");
}

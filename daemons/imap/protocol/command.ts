// The typed IMAP commands the parser produces (parse-command.ts) and the session executes: the
// contract between the two. Names follow RFC 9051 (IMAP4rev2) and RFC 3501 (IMAP4rev1), plus the
// extensions the server announces. Mailbox names are as sent on the wire (modified UTF-7, or UTF-8
// once UTF8=ACCEPT or IMAP4rev2 is enabled); the session decodes them. Strings from quoted strings and literals
// are decoded as UTF-8 (IMAP4rev2 §4.3); message literals stay bytes.

import type { SectionSpec } from "../../../lib/mime/resolve-section.ts";

/** One number of a sequence set; "*" is the largest number in use (RFC 9051 §9, seq-number). */
export type SequenceNumber = number | "*";
/** `a:b` (either order on the wire, as sent here) or a single number `a` as [a, a]. */
export type SequenceRange = readonly [SequenceNumber, SequenceNumber];
/** A sequence set: message sequence numbers or UIDs, by the command's UID prefix. `$` (SEARCHRES) is { saved: true }. */
export type SequenceSet = { ranges: readonly SequenceRange[] } | { saved: true };

/** A FETCH BODY[...] / BINARY[...] partial: `<offset.length>`. */
export type Partial = { offset: number; length: number };

export type FetchAttribute =
  | { type: "UID" | "FLAGS" | "INTERNALDATE" | "RFC822.SIZE" | "ENVELOPE" | "BODYSTRUCTURE" | "MODSEQ" | "RFC822" | "RFC822.HEADER" | "RFC822.TEXT" }
  /** `BODY` without a section: the non-extensible BODYSTRUCTURE. */
  | { type: "BODY" }
  /** BODY[section]<partial> and BODY.PEEK[...]; `section` is the parsed section spec (part [] and text null for BODY[]). */
  | { type: "BODY[]"; peek: boolean; section: SectionSpec; partial: Partial | null }
  /** BINARY[part]<partial> and BINARY.PEEK (RFC 3516): the part's content-transfer-decoded bytes. */
  | { type: "BINARY[]"; peek: boolean; part: number[]; partial: Partial | null }
  /** BINARY.SIZE[part] (RFC 3516). */
  | { type: "BINARY.SIZE"; part: number[] };

/** Flags as sent, e.g. "\\Seen", "$Forwarded"; system flags keep their backslash. */
export type Flag = string;

export type SearchCriterion =
  | { type: "all" }
  /** A sequence set of message numbers (a bare set in the criteria). */
  | { type: "seq"; set: SequenceSet }
  | { type: "uid"; set: SequenceSet }
  /** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN (isSet true) and their UN- forms; KEYWORD/UNKEYWORD with the keyword as sent. */
  | { type: "flag"; flag: Flag; isSet: boolean }
  /** RECENT / NEW (recent and unseen) / OLD (not recent): IMAP4rev1 only. */
  | { type: "recent"; isSet: boolean }
  | { type: "new" }
  /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date header); day as YYYY-MM-DD. */
  | { type: "date"; field: "internal" | "sent"; op: "before" | "on" | "since"; day: string }
  | { type: "size"; op: "larger" | "smaller"; bytes: number }
  /** FROM, TO, CC, BCC, SUBJECT are header criteria with that field name in lower case; HEADER name value. */
  | { type: "header"; field: string; value: string }
  | { type: "text"; where: "body" | "text"; value: string }
  /** MODSEQ (RFC 7162), its optional entry name and type ignored. */
  | { type: "modseq"; since: bigint }
  | { type: "and"; criteria: SearchCriterion[] }
  | { type: "or"; left: SearchCriterion; right: SearchCriterion }
  | { type: "not"; criterion: SearchCriterion };

/** ESEARCH RETURN options (RFC 4731, RFC 5182 SAVE); an empty list means ALL. */
export type SearchReturn = "MIN" | "MAX" | "ALL" | "COUNT" | "SAVE";

export type SortKey = "ARRIVAL" | "CC" | "DATE" | "FROM" | "SIZE" | "SUBJECT" | "TO" | "DISPLAYFROM" | "DISPLAYTO";
export type SortCriterion = { key: SortKey; reverse: boolean };

export type StatusItem = "MESSAGES" | "UIDNEXT" | "UIDVALIDITY" | "UNSEEN" | "DELETED" | "SIZE" | "RECENT" | "HIGHESTMODSEQ" | "APPENDLIMIT";

export type AppendMessage = {
  flags: Flag[];
  /** The optional date-time argument, null when absent. */
  internalDate: Date | null;
  message: Buffer;
  /** Sent as literal8 (`~{n}`, RFC 3516): may hold NUL bytes. */
  isBinary: boolean;
};

export type QresyncParameters = {
  uidValidity: bigint;
  modseq: bigint;
  knownUids: SequenceSet | null;
  /** The optional (seq-set uid-set) pair. */
  sequenceMatch: { sequences: SequenceSet; uids: SequenceSet } | null;
};

export type ListReturnOptions = {
  subscribed: boolean;
  children: boolean;
  specialUse: boolean;
  /** RETURN (STATUS (...)) of LIST-STATUS (RFC 5819); null when not asked for. */
  status: StatusItem[] | null;
};

export type Command =
  | { name: "CAPABILITY" | "NOOP" | "LOGOUT" | "STARTTLS" | "NAMESPACE" | "IDLE" | "CHECK" | "CLOSE" | "UNSELECT" }
  /** `initialResponse` is the SASL-IR argument as sent (base64, or "=" for an empty one); null when absent. */
  | { name: "AUTHENTICATE"; mechanism: string; initialResponse: string | null }
  | { name: "LOGIN"; username: string; password: string }
  | { name: "ENABLE"; capabilities: string[] }
  /** ID (RFC 2971): the client's field/value pairs, null for NIL. */
  | { name: "ID"; parameters: [string, string | null][] | null }
  | { name: "SELECT" | "EXAMINE"; mailbox: string; condstore: boolean; qresync: QresyncParameters | null }
  | { name: "CREATE"; mailbox: string; specialUse: string[] }
  | { name: "DELETE" | "SUBSCRIBE" | "UNSUBSCRIBE"; mailbox: string }
  | { name: "RENAME"; from: string; to: string }
  /** LIST with LIST-EXTENDED (RFC 5258): selection options in upper case (SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE). */
  | { name: "LIST"; reference: string; patterns: string[]; selection: string[]; returnOptions: ListReturnOptions }
  | { name: "LSUB"; reference: string; pattern: string }
  | { name: "STATUS"; mailbox: string; items: StatusItem[] }
  /** One or more messages (MULTIAPPEND, RFC 3502). */
  | { name: "APPEND"; mailbox: string; messages: AppendMessage[] }
  /** EXPUNGE, or UID EXPUNGE with its set (RFC 4315). */
  | { name: "EXPUNGE"; uids: SequenceSet | null }
  | { name: "SEARCH"; isUid: boolean; charset: string | null; returns: SearchReturn[] | null; criteria: SearchCriterion }
  | { name: "FETCH"; isUid: boolean; set: SequenceSet; attributes: FetchAttribute[]; changedSince: bigint | null; vanished: boolean }
  | { name: "STORE"; isUid: boolean; set: SequenceSet; unchangedSince: bigint | null; mode: "set" | "add" | "remove"; silent: boolean; flags: Flag[] }
  | { name: "COPY" | "MOVE"; isUid: boolean; set: SequenceSet; mailbox: string }
  | { name: "SORT"; isUid: boolean; criteria: SortCriterion[]; charset: string; returns: SearchReturn[] | null; search: SearchCriterion }
  | { name: "THREAD"; isUid: boolean; algorithm: "REFERENCES" | "ORDEREDSUBJECT"; charset: string; search: SearchCriterion }
  | { name: "GETQUOTA"; root: string }
  | { name: "GETQUOTAROOT"; mailbox: string }
  | { name: "SETQUOTA"; root: string; limits: [string, number][] }
  | { name: "COMPRESS"; mechanism: string };

export type CommandName = Command["name"];

/** What the parser makes of one complete command (its line and literals). */
export type ParseResult =
  | { ok: true; tag: string; command: Command }
  /** `tag` is null when not even a tag could be read (the reply is then `* BAD`). */
  | { ok: false; tag: string | null; message: string };

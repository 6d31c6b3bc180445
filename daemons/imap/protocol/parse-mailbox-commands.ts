// Commands that name a mailbox (RFC 9051 §6.3 and extensions; LIST has its own file):
//   tag SELECT|EXAMINE mailbox [(CONDSTORE) / (QRESYNC (uidvalidity modseq [known-uids] [(seqs uids)]))]   (RFC 7162)
//   tag CREATE mailbox [(USE (\Drafts ...))]                (SPECIAL-USE, RFC 6154)
//   tag DELETE|SUBSCRIBE|UNSUBSCRIBE mailbox
//   tag RENAME mailbox mailbox
//   tag LSUB reference pattern
//   tag STATUS mailbox (item *(SP item))
//   tag GETQUOTA root / GETQUOTAROOT mailbox / SETQUOTA root (resource limit ...)   (RFC 9208)

import type { Command, QresyncParameters, SequenceSet, StatusItem } from "./command.ts";
import { readSequenceSet } from "./parse-sequence-set.ts";
import { MAX_NZ_NUMBER, type TokenCursor } from "./parse-tokens.ts";

const STATUS_ITEMS: ReadonlySet<string> = new Set<StatusItem>(["MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT", "HIGHESTMODSEQ", "APPENDLIMIT"]);

/** known-uids and seq-match-data hold plain numbers: "*" is not allowed (RFC 7162 §3.2.5.2). */
const WITHOUT_STAR = { allowsStarAndSaved: false };

type SelectParameter = { name: "CONDSTORE" } | { name: "QRESYNC"; parameters: QresyncParameters };

/** SP mailbox, the argument most commands start with. */
function readMailboxArgument(cursor: TokenCursor, what = "mailbox name"): string | null {
  return cursor.expectSpace(what) ? cursor.readMailbox(what) : null;
}

// select = "SELECT" SP mailbox [select-params];  select-params = SP "(" select-param *(SP select-param) ")"
export function parseSelect(cursor: TokenCursor, name: "SELECT" | "EXAMINE"): Command | null {
  const mailbox = readMailboxArgument(cursor);
  if (mailbox === null) return null;
  if (!cursor.skip(" ")) return { name, mailbox, condstore: false, qresync: null };
  const parameters = cursor.readList("select parameters", () => readSelectParameter(cursor), { allowsEmpty: false });
  if (parameters === null) return null;
  const names = parameters.map((parameter) => parameter.name);
  if (new Set(names).size < names.length) return cursor.fail("Duplicate select parameter");
  let qresync: QresyncParameters | null = null;
  for (const parameter of parameters) if (parameter.name === "QRESYNC") qresync = parameter.parameters;
  return { name, mailbox, condstore: names.includes("CONDSTORE"), qresync };
}

function readSelectParameter(cursor: TokenCursor): SelectParameter | null {
  const name = cursor.readKeyword("select parameter");
  if (name === null) return null;
  if (name === "CONDSTORE") return { name };
  if (name !== "QRESYNC") return cursor.fail("Unknown select parameter");
  const parameters = cursor.expectSpace("QRESYNC parameters") ? readQresyncParameters(cursor) : null;
  return parameters === null ? null : { name, parameters };
}

// "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"
function readQresyncParameters(cursor: TokenCursor): QresyncParameters | null {
  if (!cursor.expect("(", "Invalid QRESYNC parameters")) return null;
  const uidValidity = cursor.readNumber("UIDVALIDITY", 1n, MAX_NZ_NUMBER);
  if (uidValidity === null) return null;
  const modseq = cursor.expectSpace("mod-sequence") ? cursor.readModSequence("mod-sequence", false) : null;
  if (modseq === null) return null;

  let knownUids: SequenceSet | null = null;
  let sequenceMatch: QresyncParameters["sequenceMatch"] = null;
  let hasMore = cursor.skip(" ");
  if (hasMore && !cursor.isAt("(")) {
    knownUids = readSequenceSet(cursor, "known UIDs", WITHOUT_STAR);
    if (knownUids === null) return null;
    hasMore = cursor.skip(" ");
  }
  if (hasMore) {
    // seq-match-data = "(" known-sequence-set SP known-uid-set ")"
    if (!cursor.expect("(", "Invalid QRESYNC sequence match data")) return null;
    const sequences = readSequenceSet(cursor, "known sequence set", WITHOUT_STAR);
    const uids = sequences !== null && cursor.expectSpace("known UID set") ? readSequenceSet(cursor, "known UID set", WITHOUT_STAR) : null;
    if (sequences === null || uids === null || !cursor.expect(")", "Invalid QRESYNC sequence match data")) return null;
    sequenceMatch = { sequences, uids };
  }
  if (!cursor.expect(")", "Invalid QRESYNC parameters")) return null;
  return { uidValidity, modseq, knownUids, sequenceMatch };
}

// create = "CREATE" SP mailbox [create-params];  create-param = "USE" SP "(" [use-attr *(SP use-attr)] ")"  (RFC 6154 §6)
export function parseCreate(cursor: TokenCursor): Command | null {
  const mailbox = readMailboxArgument(cursor);
  if (mailbox === null) return null;
  if (!cursor.skip(" ")) return { name: "CREATE", mailbox, specialUse: [] };
  const uses = cursor.readList("CREATE parameters", () => readCreateParameter(cursor), { allowsEmpty: false });
  return uses === null ? null : { name: "CREATE", mailbox, specialUse: uses.flat() };
}

function readCreateParameter(cursor: TokenCursor): string[] | null {
  const name = cursor.readKeyword("CREATE parameter");
  if (name === null) return null;
  if (name !== "USE") return cursor.fail("Unknown CREATE parameter");
  if (!cursor.expectSpace("special-use attributes")) return null;
  // use-attr = "\All" / "\Archive" / ... / "\" atom, kept as sent
  return cursor.readList("special-use attributes", () => (cursor.isAt("\\") ? cursor.readFlag("special-use attribute") : cursor.fail("Invalid special-use attribute")), {
    allowsEmpty: true,
  });
}

export function parseMailboxOnly(cursor: TokenCursor, name: "DELETE" | "SUBSCRIBE" | "UNSUBSCRIBE"): Command | null {
  const mailbox = readMailboxArgument(cursor);
  return mailbox === null ? null : { name, mailbox };
}

// rename = "RENAME" SP mailbox SP mailbox (rename-params are not supported: BAD)
export function parseRename(cursor: TokenCursor): Command | null {
  const from = readMailboxArgument(cursor);
  if (from === null) return null;
  const to = readMailboxArgument(cursor, "new mailbox name");
  return to === null ? null : { name: "RENAME", from, to };
}

// lsub = "LSUB" SP mailbox SP list-mailbox; the reference is a prefix, so INBOX is not folded in it.
export function parseLsub(cursor: TokenCursor): Command | null {
  const reference = cursor.expectSpace("mailbox reference") ? cursor.readAstring("mailbox reference") : null;
  if (reference === null) return null;
  const pattern = cursor.expectSpace("mailbox pattern") ? cursor.readListMailbox("mailbox pattern") : null;
  return pattern === null ? null : { name: "LSUB", reference, pattern };
}

// status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
export function parseStatus(cursor: TokenCursor): Command | null {
  const mailbox = readMailboxArgument(cursor);
  if (mailbox === null) return null;
  const items = cursor.expectSpace("status items") ? readStatusItems(cursor) : null;
  return items === null ? null : { name: "STATUS", mailbox, items };
}

/** "(" status-att *(SP status-att) ")", upper-cased; also the STATUS return option of LIST (RFC 5819). */
export function readStatusItems(cursor: TokenCursor): StatusItem[] | null {
  return cursor.readList(
    "status items",
    () => {
      const item = cursor.readKeyword("status item");
      if (item === null) return null;
      // DELETED came with IMAP4rev2, which dropped RECENT along with \Recent (RFC 9051 §6.3.11, Appendix E);
      // Dovecot's IMAP4rev1 refuses DELETED the same way.
      const otherVersionItem = cursor.options.isRev2 ? "RECENT" : "DELETED";
      return STATUS_ITEMS.has(item) && item !== otherVersionItem ? (item as StatusItem) : cursor.fail("Unknown status item");
    },
    { allowsEmpty: false },
  );
}

// getquota = "GETQUOTA" SP quota-root-name;  quota-root-name = astring
export function parseGetQuota(cursor: TokenCursor): Command | null {
  const root = cursor.expectSpace("quota root") ? cursor.readAstring("quota root") : null;
  return root === null ? null : { name: "GETQUOTA", root };
}

// getquotaroot = "GETQUOTAROOT" SP mailbox
export function parseGetQuotaRoot(cursor: TokenCursor): Command | null {
  const mailbox = readMailboxArgument(cursor);
  return mailbox === null ? null : { name: "GETQUOTAROOT", mailbox };
}

// setquota = "SETQUOTA" SP quota-root-name SP setquota-list
// setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")";  setquota-resource = resource-name SP resource-limit
export function parseSetQuota(cursor: TokenCursor): Command | null {
  const root = cursor.expectSpace("quota root") ? cursor.readAstring("quota root") : null;
  if (root === null || !cursor.expectSpace("quota limits")) return null;
  const limits = cursor.readList("quota limits", () => readQuotaLimit(cursor), { allowsEmpty: true });
  return limits === null ? null : { name: "SETQUOTA", root, limits };
}

function readQuotaLimit(cursor: TokenCursor): [string, number] | null {
  // resource-name = "STORAGE" / "MESSAGE" / ... / atom: upper-cased, as ABNF strings are case-insensitive
  const resource = cursor.readKeyword("quota resource");
  if (resource === null) return null;
  const limit = cursor.expectSpace("quota limit") ? cursor.readSafeNumber("quota limit") : null;
  return limit === null ? null : [resource, limit];
}

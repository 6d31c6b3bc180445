// tag [UID] SEARCH [RETURN (options)] [CHARSET charset] criteria...
// ESEARCH (RFC 4731) when RETURN is given, and always under IMAP4rev2 (RFC 9051 §6.4.4: the SEARCH
// response is gone, no RETURN means RETURN (ALL)); SEARCHRES SAVE (RFC 5182) keeps the result for "$".
import type { SearchReturn } from "../protocol/command.ts";
import { searchMessages } from "../../../lib/store/search-messages.ts";
import { isRev2, no, ok, type CommandHandler, type CommandNamed, type Session } from "../session.ts";
import { formatUidSet, sequenceOf } from "../selected-folder.ts";
import { toSearchKey } from "../to-search-key.ts";
import { findHighestModseq } from "../../../lib/store/folder-state.ts";
import type { SearchKey } from "../../../lib/store/search-messages.ts";

/** Whether the criteria include MODSEQ (RFC 7162 §3.1.5). */
function hasModseqKey(key: SearchKey): boolean {
  if (key.type === "modseq") return true;
  if (key.type === "and") return key.keys.some(hasModseqKey);
  if (key.type === "or") return hasModseqKey(key.left) || hasModseqKey(key.right);
  if (key.type === "not") return hasModseqKey(key.key);
  return false;
}

const CHARSETS = new Set(["UTF-8", "US-ASCII"]);

export const searchCommand: CommandHandler<CommandNamed<"SEARCH">> = {
  states: ["selected"],
  async run(session, command, tag) {
    if (command.charset && !CHARSETS.has(command.charset.toUpperCase())) return no("Unsupported charset", "BADCHARSET (UTF-8 US-ASCII)");
    const folder = session.selected!;
    const key = toSearchKey(command.criteria, folder, session.savedUids);
    const found = await searchMessages(session.deps.store, { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId }, key });
    // Only messages the client knows: one that arrived meanwhile is announced first, then searchable.
    const uids = found.filter((uid) => sequenceOf(folder, uid) > 0);
    const returns = command.returns ?? (isRev2(session) ? [] : null);
    // RFC 7162 §3.1.5: a search by MODSEQ also answers the highest MODSEQ of the messages it returns.
    const modseqOf = (returned: number[]) => (hasModseqKey(key) ? findHighestModseq(session.deps.store.db, folder.folderId, returned) : Promise.resolve(null));
    if (returns === null) {
      const numbers = command.isUid ? uids : uids.map((uid) => sequenceOf(folder, uid));
      const modseq = await modseqOf(uids);
      session.untagged(["SEARCH", ...numbers, ...(modseq === null ? [] : [`(MODSEQ ${modseq})`])].join(" "));
    } else {
      await replyEsearch(session, tag, command.isUid, uids, returns, modseqOf);
    }
    return ok("SEARCH completed");
  },
};

/**
 * RFC 4731 §3.1: RETURN () means ALL; SAVE alone answers nothing but stores the result. With a
 * MODSEQ criterion, MODSEQ is the highest of the messages returned (RFC 7162 §3.1.5): all of them
 * for ALL or COUNT, else those MIN and MAX name.
 */
async function replyEsearch(session: Session, tag: string, isUid: boolean, uids: number[], returns: SearchReturn[], modseqOf: (uids: number[]) => Promise<bigint | null>): Promise<void> {
  const folder = session.selected!;
  const asked = returns.length === 0 ? (["ALL"] as SearchReturn[]) : returns;
  if (asked.includes("SAVE")) session.savedUids = uids;
  const numbers = isUid ? uids : uids.map((uid) => sequenceOf(folder, uid));
  const parts = [`ESEARCH (TAG "${tag}")`, ...(isUid ? ["UID"] : [])];
  if (numbers.length > 0) {
    if (asked.includes("MIN")) parts.push(`MIN ${numbers[0]}`);
    if (asked.includes("MAX")) parts.push(`MAX ${numbers.at(-1)}`);
    if (asked.includes("ALL")) parts.push(`ALL ${formatUidSet(numbers)}`);
  }
  if (asked.includes("COUNT")) parts.push(`COUNT ${numbers.length}`);
  if (asked.length === 1 && asked[0] === "SAVE") return;
  const returned = asked.includes("ALL") || asked.includes("COUNT") ? uids : [...new Set([asked.includes("MIN") ? uids[0] : undefined, asked.includes("MAX") ? uids.at(-1) : undefined])].filter((uid) => uid !== undefined);
  const modseq = await modseqOf(returned);
  if (modseq !== null) parts.push(`MODSEQ ${modseq}`);
  session.untagged(parts.join(" "));
}

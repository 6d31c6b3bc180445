// tag [UID] SEARCH [RETURN (options)] [CHARSET charset] criteria...
// ESEARCH (RFC 4731) when RETURN is given, and always under IMAP4rev2 (RFC 9051 §6.4.4: the SEARCH
// response is gone, no RETURN means RETURN (ALL)); SEARCHRES SAVE (RFC 5182) keeps the result for "$".
import type { SearchReturn } from "../protocol/command.ts";
import { searchMessages } from "../../../lib/store/search-messages.ts";
import { isRev2, no, ok, type CommandHandler, type CommandNamed, type Session } from "../session.ts";
import { formatUidSet, sequenceOf } from "../selected-folder.ts";
import { toSearchKey } from "../to-search-key.ts";

const CHARSETS = new Set(["UTF-8", "US-ASCII"]);

export const searchCommand: CommandHandler<CommandNamed<"SEARCH">> = {
  states: ["selected"],
  async run(session, command, tag) {
    if (command.charset && !CHARSETS.has(command.charset.toUpperCase())) return no("Unsupported charset", "BADCHARSET (UTF-8 US-ASCII)");
    const folder = session.selected!;
    const found = await searchMessages(session.deps.store, { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId }, key: toSearchKey(command.criteria, folder, session.savedUids) });
    // Only messages the client knows: one that arrived meanwhile is announced first, then searchable.
    const uids = found.filter((uid) => sequenceOf(folder, uid) > 0);
    const returns = command.returns ?? (isRev2(session) ? [] : null);
    if (returns === null) {
      const numbers = command.isUid ? uids : uids.map((uid) => sequenceOf(folder, uid));
      session.untagged(["SEARCH", ...numbers].join(" "));
    } else {
      replyEsearch(session, tag, command.isUid, uids, returns);
    }
    return ok("SEARCH completed");
  },
};

/** RFC 4731 §3.1: RETURN () means ALL; SAVE alone answers nothing but stores the result. */
function replyEsearch(session: Session, tag: string, isUid: boolean, uids: number[], returns: SearchReturn[]): void {
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
  session.untagged(parts.join(" "));
}

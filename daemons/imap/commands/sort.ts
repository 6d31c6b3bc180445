// tag [UID] SORT [RETURN (options)] (sort-criteria) charset search-criteria...
// RFC 5256 SORT; ESEARCH-style RETURN (RFC 5267) is not offered.
import { searchMessages } from "../../../lib/store/search-messages.ts";
import { sortMessages } from "../../../lib/store/sort-messages.ts";
import { bad, no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { sequenceOf } from "../selected-folder.ts";
import { toSearchKey } from "../to-search-key.ts";

const CHARSETS = new Set(["UTF-8", "US-ASCII"]);

export const sortCommand: CommandHandler<CommandNamed<"SORT">> = {
  states: ["selected"],
  async run(session, command) {
    if (!CHARSETS.has(command.charset.toUpperCase())) return no("Unsupported charset", "BADCHARSET (UTF-8 US-ASCII)");
    if (command.returns !== null) return bad("SORT RETURN is not supported");
    const folder = session.selected!;
    const where = { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId } };
    const found = await searchMessages(session.deps.store, { ...where, key: toSearchKey(command.search, folder, session.savedUids) });
    const known = found.filter((uid) => sequenceOf(folder, uid) > 0);
    const sorted = await sortMessages(session.deps.store.db, { ...where, uids: known, criteria: command.criteria });
    session.untagged(["SORT", ...(command.isUid ? sorted : sorted.map((uid) => sequenceOf(folder, uid)))].join(" "));
    return ok("SORT completed");
  },
};

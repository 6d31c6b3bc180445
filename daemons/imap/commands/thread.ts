// tag [UID] THREAD algorithm charset search-criteria...
// RFC 5256 THREAD, algorithms ORDEREDSUBJECT and REFERENCES, over the messages the search finds.
import { searchMessages } from "../../../lib/store/search-messages.ts";
import { threadMessagesInFolder } from "../../../lib/store/thread-messages-in-folder.ts";
import { formatThreads } from "../format-threads.ts";
import { no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { sequenceOf } from "../selected-folder.ts";
import { toSearchKey } from "../to-search-key.ts";

const CHARSETS = new Set(["UTF-8", "US-ASCII"]);

export const threadCommand: CommandHandler<CommandNamed<"THREAD">> = {
  states: ["selected"],
  async run(session, command) {
    if (!CHARSETS.has(command.charset.toUpperCase())) return no("Unsupported charset", "BADCHARSET (UTF-8 US-ASCII)");
    const folder = session.selected!;
    const where = { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId } };
    const found = await searchMessages(session.deps.store, { ...where, key: toSearchKey(command.search, folder, session.savedUids) });
    // Only messages the client knows: one that arrived meanwhile is announced first, then threaded.
    const known = found.filter((uid) => sequenceOf(folder, uid) > 0);
    const threads = await threadMessagesInFolder(session.deps.store.db, { ...where, uids: known, algorithm: command.algorithm });
    session.untagged(formatThreads(threads, command.isUid ? (uid) => uid : (uid) => sequenceOf(folder, uid)));
    return ok("THREAD completed");
  },
};

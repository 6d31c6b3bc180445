// tag SELECT mailbox [(CONDSTORE)]
// tag EXAMINE mailbox [(CONDSTORE)]
import { findFirstUnseenUid } from "../../../lib/store/folder-state.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { openSelectedFolder, sequenceOf } from "../selected-folder.ts";
import { toFolderName } from "../folder-names.ts";
import { formatFlagList } from "../protocol/response-values.ts";

const SYSTEM_FLAGS = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"];

export const selectCommand: CommandHandler<CommandNamed<"SELECT" | "EXAMINE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    // RFC 9051 §6.3.2: a SELECT first closes the selected folder, even if this one fails.
    session.selected = null;
    session.state = "authenticated";
    if (command.condstore) session.enabled.add("CONDSTORE");
    const isReadOnly = command.name === "EXAMINE";
    const folder = await openSelectedFolder(session, toFolderName(session, command.mailbox), isReadOnly);
    session.untagged(`FLAGS ${formatFlagList(SYSTEM_FLAGS)}`);
    session.untagged(`OK [PERMANENTFLAGS ${formatFlagList(isReadOnly ? [] : [...SYSTEM_FLAGS, "\\*"])}] Flags permitted`);
    session.untagged(`${folder.uids.length} EXISTS`);
    session.untagged("0 RECENT");
    const firstUnseen = await findFirstUnseenUid(session.deps.store.db, folder.folderId);
    const firstUnseenSeq = firstUnseen === null ? 0 : sequenceOf(folder, firstUnseen);
    if (firstUnseenSeq > 0) session.untagged(`OK [UNSEEN ${firstUnseenSeq}] First unseen`);
    session.untagged(`OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid`);
    session.untagged(`OK [UIDNEXT ${folder.uidNext}] Predicted next UID`);
    if (session.enabled.has("CONDSTORE")) session.untagged(`OK [HIGHESTMODSEQ ${folder.modseq}] Highest`);
    session.selected = folder;
    session.state = "selected";
    return ok(`${command.name} completed`, isReadOnly ? "READ-ONLY" : "READ-WRITE");
  },
};

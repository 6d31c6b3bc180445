// tag EXPUNGE
// tag UID EXPUNGE sequence-set (UIDPLUS, RFC 4315: only the \Deleted messages among those UIDs)
import { expungeMessages } from "../../../lib/store/expunge-messages.ts";
import { bad, no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { tellExpunges } from "../selected-folder.ts";
import { resolveSequenceSet, toUidRanges } from "../resolve-sequence-set.ts";

export const expungeCommand: CommandHandler<CommandNamed<"EXPUNGE">> = {
  states: ["selected"],
  async run(session, command) {
    const folder = session.selected!;
    if (folder.isReadOnly) return no("The folder is read-only", "READ-ONLY");
    let uids;
    if (command.uids) {
      const resolved = resolveSequenceSet(folder, command.uids, true, session.savedUids);
      if ("error" in resolved) return bad(resolved.error);
      if (resolved.length === 0) return ok("EXPUNGE completed");
      uids = toUidRanges(resolved);
    }
    const result = await expungeMessages(session.deps.store.db, { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId }, uids });
    tellExpunges(session, folder, result.uids);
    return ok("EXPUNGE completed");
  },
};

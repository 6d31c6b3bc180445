// tag [UID] COPY sequence-set mailbox
// tag [UID] MOVE sequence-set mailbox
// UIDPLUS COPYUID (RFC 4315); MOVE (RFC 6851) sends its COPYUID untagged, then the expunges.
import { copyMessages, moveMessages } from "../../../lib/store/transfer-messages.ts";
import { bad, no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { formatUidSet, tellExpunges } from "../selected-folder.ts";
import { resolveSequenceSet, toUidRanges } from "../resolve-sequence-set.ts";
import { toFolderName } from "../folder-names.ts";

export const copyMoveCommand: CommandHandler<CommandNamed<"COPY" | "MOVE">> = {
  states: ["selected"],
  async run(session, command) {
    const folder = session.selected!;
    const isMove = command.name === "MOVE";
    if (isMove && folder.isReadOnly) return no("The folder is read-only", "READ-ONLY");
    const uids = resolveSequenceSet(folder, command.set, command.isUid, session.savedUids);
    if ("error" in uids) return bad(uids.error);
    if (uids.length === 0) return ok(`${command.name} completed (no messages)`);
    const input = { mailboxId: session.principal!.mailboxId, from: { id: folder.folderId }, to: toFolderName(session, command.mailbox), uids: toUidRanges(uids) };
    const result = await (isMove ? moveMessages : copyMessages)(session.deps.store.db, input);
    const copyUid = `COPYUID ${result.uidValidity} ${formatUidSet(result.pairs.map((p) => p.from))} ${formatUidSet(result.pairs.map((p) => p.to))}`;
    if (!isMove) return ok("COPY completed", result.pairs.length > 0 ? copyUid : undefined);
    if (result.pairs.length > 0) session.untagged(`OK [${copyUid}] Moved`);
    tellExpunges(session, folder, result.pairs.map((p) => p.from));
    return ok("MOVE completed");
  },
};

// tag [UID] STORE sequence-set [(UNCHANGEDSINCE modseq)] (FLAGS|+FLAGS|-FLAGS)[.SILENT] (flags)
// CONDSTORE (RFC 7162 §3.1.3): UNCHANGEDSINCE refuses messages changed since, listed in [MODIFIED].
import { updateFlags } from "../../../lib/store/update-flags.ts";
import { bad, no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { flagsInSession, formatUidSet, sequenceOf } from "../selected-folder.ts";
import { resolveSequenceSet, toUidRanges } from "../resolve-sequence-set.ts";
import { formatFlagList } from "../protocol/response-values.ts";

export const storeCommand: CommandHandler<CommandNamed<"STORE">> = {
  states: ["selected"],
  async run(session, command) {
    const folder = session.selected!;
    if (folder.isReadOnly) return no("The folder is read-only", "READ-ONLY");
    const uids = resolveSequenceSet(folder, command.set, command.isUid, session.savedUids);
    if ("error" in uids) return bad(uids.error);
    if (command.unchangedSince !== null) session.enabled.add("CONDSTORE");
    if (uids.length === 0) return ok("STORE completed");
    const result = await updateFlags(session.deps.store.db, {
      mailboxId: session.principal!.mailboxId,
      folder: { id: folder.folderId },
      uids: toUidRanges(uids),
      mode: command.mode,
      flags: command.flags,
      unchangedSince: command.unchangedSince ?? undefined,
    });
    const isCondstore = session.enabled.has("CONDSTORE");
    for (const message of result.messages) {
      if (message.changed) folder.reported.set(message.uid, message.modseq);
      // .SILENT leaves out the FLAGS we were told to set; with CONDSTORE the new MODSEQ still matters (RFC 7162 §3.1.3).
      if (command.silent && !(isCondstore && message.changed)) continue;
      const seq = sequenceOf(folder, message.uid);
      if (seq === 0) continue;
      const items = [...(command.silent ? [] : [`FLAGS ${formatFlagList(flagsInSession(folder, message.uid, message.flags))}`]), ...(command.isUid ? [`UID ${message.uid}`] : []), ...(isCondstore ? [`MODSEQ (${message.modseq})`] : [])];
      if (items.length > 0) session.untagged(`${seq} FETCH (${items.join(" ")})`);
    }
    if (result.modified.length > 0) {
      const modified = command.isUid ? result.modified : result.modified.map((uid) => sequenceOf(folder, uid));
      return ok("Some messages were modified meanwhile", `MODIFIED ${formatUidSet(modified)}`);
    }
    return ok("STORE completed");
  },
};

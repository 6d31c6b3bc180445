// tag SELECT mailbox [(CONDSTORE | QRESYNC (uidvalidity modseq [known-uids [(seqs uids)]]))]
// tag EXAMINE mailbox [...the same]
// IMAP4rev1 answers RECENT and OK [UNSEEN n]; IMAP4rev2 drops both and sends the folder's LIST
// response instead (RFC 9051 §6.3.2, Appendix E).
import { findFirstUnseenUid, readFolderChanges } from "../../../lib/store/folder-state.ts";
import { listFolders } from "../../../lib/store/folders.ts";
import { bad, isRev2, ok, type CommandHandler, type CommandNamed, type Session } from "../session.ts";
import { formatUidSet, openSelectedFolder, sequenceOf, type SelectedFolder } from "../selected-folder.ts";
import { formatFolderName, toFolderName } from "../folder-names.ts";
import { formatListResponse, listAttributes } from "../list-response.ts";
import type { QresyncParameters } from "../protocol/command.ts";
import { isNumberInSet } from "../resolve-sequence-set.ts";
import { formatFlagList } from "../protocol/response-values.ts";

const SYSTEM_FLAGS = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"];

export const selectCommand: CommandHandler<CommandNamed<"SELECT" | "EXAMINE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    if (command.qresync && !session.enabled.has("QRESYNC")) return bad("ENABLE QRESYNC first (RFC 7162 §3.2.5)");
    // RFC 9051 §6.3.2: a SELECT first closes the selected folder, even if this one fails. OK [CLOSED]
    // marks where its responses end (§7.1; RFC 7162 §3.2.11); Dovecot sends it to IMAP4rev1 clients too.
    if (session.selected) session.untagged("OK [CLOSED] Previous folder closed");
    session.selected = null;
    session.state = "authenticated";
    if (command.condstore) session.enabled.add("CONDSTORE");
    const isReadOnly = command.name === "EXAMINE";
    const name = toFolderName(session, command.mailbox);
    const folder = await openSelectedFolder(session, name, isReadOnly);
    session.untagged(`FLAGS ${formatFlagList(SYSTEM_FLAGS)}`);
    session.untagged(`OK [PERMANENTFLAGS ${formatFlagList(isReadOnly ? [] : [...SYSTEM_FLAGS, "\\*"])}] Flags permitted`);
    session.untagged(`${folder.uids.length} EXISTS`);
    if (isRev2(session)) {
      await sendListResponse(session, folder, name);
    } else {
      session.untagged(`${folder.recent.size} RECENT`);
      const firstUnseen = await findFirstUnseenUid(session.deps.store.db, folder.folderId);
      const firstUnseenSeq = firstUnseen === null ? 0 : sequenceOf(folder, firstUnseen);
      if (firstUnseenSeq > 0) session.untagged(`OK [UNSEEN ${firstUnseenSeq}] First unseen`);
    }
    session.untagged(`OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid`);
    session.untagged(`OK [UIDNEXT ${folder.uidNext}] Predicted next UID`);
    if (session.enabled.has("CONDSTORE")) session.untagged(`OK [HIGHESTMODSEQ ${folder.modseq}] Highest`);
    if (command.qresync && command.qresync.uidValidity === folder.uidValidity) await resynchronize(session, folder, command.qresync);
    session.selected = folder;
    session.state = "selected";
    return ok(`${command.name} completed`, isReadOnly ? "READ-ONLY" : "READ-WRITE");
  },
};

/**
 * IMAP4rev2's LIST response for the selected folder (RFC 9051 §6.3.2), with the attributes LIST gives
 * it. The store names folders in NFC (lib/store/folder-name.ts, RFC 9051 §5.1); when the name the
 * client sent was not, OLDNAME carries it (§6.3.2).
 */
async function sendListResponse(session: Session, folder: SelectedFolder, requestedName: string): Promise<void> {
  const folders = await listFolders(session.deps.store.db, session.principal!.mailboxId);
  const row = folders.find((f) => f.id === folder.folderId);
  if (!row) return; // deleted meanwhile: the next command's announcement ends the session
  const oldName = requestedName.normalize("NFC") === requestedName ? [] : [' ("OLDNAME" (', ...formatFolderName(session, requestedName), "))"];
  session.untagged(...formatListResponse(session, "LIST", listAttributes(row, folders.map((f) => f.name), false, false), row.name, oldName));
}

/**
 * QRESYNC (RFC 7162 §3.2.5): what the client missed since its MODSEQ, in one go: the UIDs expunged
 * (VANISHED (EARLIER)) and the messages whose flags changed, limited to the UIDs it says it knows.
 */
async function resynchronize(session: Session, folder: SelectedFolder, qresync: QresyncParameters): Promise<void> {
  const changes = await readFolderChanges(session.deps.store.db, folder.folderId, qresync.modseq);
  if (!changes) return;
  const isKnown = (uid: number) => qresync.knownUids === null || isNumberInSet(qresync.knownUids, uid);
  const present = new Set(folder.uids);
  const vanished = changes.expunged.filter((uid) => isKnown(uid) && !present.has(uid));
  if (vanished.length > 0) session.untagged(`VANISHED (EARLIER) ${formatUidSet(vanished)}`);
  for (const change of changes.changed) {
    const seq = sequenceOf(folder, change.uid);
    if (seq === 0 || !isKnown(change.uid)) continue;
    session.untagged(`${seq} FETCH (UID ${change.uid} FLAGS ${formatFlagList(change.flags)} MODSEQ (${change.modseq}))`);
  }
}

import type { Db } from "../db.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { buildThreads, type ThreadAlgorithm, type ThreadNode } from "./thread-messages.ts";

// RFC 5256 §5 ABNF, as lib/mime/base-subject.ts reads it: subj-blob and subj-refwd, case-insensitive.
const SUBJ_BLOB = String.raw`\[[^\[\]]*\] *`;
const SUBJ_REFWD = String.raw`(?:re|fwd?) *(?:${SUBJ_BLOB})?:`;
/** A subj-leader that is a reply or forward marker: *subj-blob subj-refwd. */
const REFWD_LEADER = new RegExp(String.raw`^(?:${SUBJ_BLOB})*${SUBJ_REFWD}`, "i");
const BLOB = new RegExp(`^${SUBJ_BLOB}`, "i");

/**
 * The threads (RFC 5256 THREAD) of the messages with these UIDs in one folder of the mailbox; UIDs
 * not in the folder are left out. Throws NOT_FOUND when there is no such folder.
 */
export async function threadMessagesInFolder(
  db: Db,
  input: { mailboxId: string; folder: FolderRef; uids: readonly number[]; algorithm: ThreadAlgorithm },
): Promise<ThreadNode[]> {
  const folder = await findFolder(db, input.mailboxId, input.folder);
  const wanted = new Set(input.uids);
  const rows = (
    await db.message.findMany({
      where: { folderId: folder.id },
      select: { uid: true, messageIdHeader: true, inReplyTo: true, references: true, subject: true, baseSubject: true, sentDate: true, internalDate: true },
    })
  ).filter((row) => wanted.has(row.uid));
  const messages = rows.map((row) => ({
    uid: row.uid,
    messageId: row.messageIdHeader,
    inReplyTo: row.inReplyTo,
    references: row.references.split(" ").filter(Boolean),
    baseSubject: row.baseSubject,
    isReply: isReplyOrForward(row.subject),
    sentDate: row.sentDate,
    internalDate: row.internalDate,
  }));
  return buildThreads(messages, input.algorithm);
}

/**
 * RFC 5256 §4: a message is a reply or forward when extracting its base subject (§2.1) removes a
 * subj-refwd ("Re:", "Fwd:", "Fw:", also after "[list]" blobs), a "(fwd)" trailer, or a "[fwd: ...]"
 * wrapper. Follows the extraction's steps on the decoded subject the store keeps and stops at the
 * first such removal. Narrower than ingest's REPLY_PREFIX, which also takes "Aw:", "Sv:" and "Antw:"
 * for conversation ids: THREAD's answers must be the RFC's.
 */
export function isReplyOrForward(subject: string): boolean {
  // step 1: white space runs are single spaces
  let text = subject.replace(/[\t\r\n ]+/g, " ");
  // step 2: trailers
  for (;;) {
    if (text.endsWith(" ")) text = text.slice(0, -1);
    else if (text.slice(-5).toLowerCase() === "(fwd)") return true;
    else break;
  }
  // steps 3 to 5: leaders, then blobs while a non-empty base remains
  for (;;) {
    if (REFWD_LEADER.test(text)) return true;
    const blob = text.startsWith(" ") ? [" "] : BLOB.exec(text);
    if (!blob || text.length <= blob[0].length) break;
    text = text.slice(blob[0].length);
  }
  // step 6: "[fwd: subject]"
  return /^\[fwd:/i.test(text) && text.endsWith("]");
}

// QUIT (RFC 1939 §6): in TRANSACTION, the UPDATE state: the messages marked with DELE are expunged
// through the store (IMAP sessions see EXPUNGEs), retrieved ones are marked \Seen, the lock goes.
import { deleteMessages } from "../../lib/store/delete-messages.ts";
import { updateFlags } from "../../lib/store/update-flags.ts";
import { err, ok, type Reply, type Session } from "./session.ts";

export async function quit(session: Session): Promise<Reply> {
  const close = async () => "close" as const;
  const { maildrop, lock } = session;
  if (session.state !== "transaction" || !maildrop || !lock) return { ...ok("Bye"), after: close };
  session.state = "update";
  const deleted = maildrop.messages.filter((message) => message.isMarkedDeleted).map((message) => message.uid);
  const seen = maildrop.messages.filter((message) => message.isRetrieved && !message.isSeen && !message.isMarkedDeleted).map((message) => message.uid);
  try {
    // Never delete on a lock someone else has taken over: that session may have just listed these messages.
    if ((deleted.length > 0 || seen.length > 0) && !(await lock.confirm())) return { ...err("Lost the maildrop lock; nothing was deleted", "SYS/TEMP"), after: close };
    const db = session.deps.store.db;
    const ref = { id: maildrop.folderId };
    if (seen.length > 0) await updateFlags(db, { mailboxId: maildrop.mailboxId, folder: ref, uids: seen.map((uid) => [uid, uid] as const), mode: "add", flags: ["\\Seen"] });
    if (deleted.length > 0) await deleteMessages(db, { mailboxId: maildrop.mailboxId, folder: ref, uids: deleted });
  } catch (error) {
    console.error("pop3: update state failed:", error);
    await lock.release();
    return { ...err("Some deleted messages not removed", "SYS/TEMP"), after: close };
  }
  await lock.release();
  session.lock = null;
  return { ...ok(`Bye, ${deleted.length} messages deleted`), after: close };
}

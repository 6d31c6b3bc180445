import { openFolderState, readFolderChanges } from "../../lib/store/folder-state.ts";
import { claimRecentMessages, findFirstRecentUid } from "../../lib/store/claim-recent.ts";
import { isRev2, type Session } from "./session.ts";
import { formatFlagList } from "./protocol/response-values.ts";

/**
 * The selected folder as this session's client knows it: message sequence numbers are positions
 * in `uids`, which changes only when this session tells the client (EXISTS, EXPUNGE, VANISHED).
 * `modseq` is the last change the session has looked at; everything after it is news.
 */
export type SelectedFolder = {
  folderId: string;
  name: string;
  isReadOnly: boolean;
  uidValidity: bigint;
  /** UIDNEXT when the folder was opened (SELECT's answer). */
  uidNext: number;
  uids: number[];
  modseq: bigint;
  /** Expunged by someone else, not yet told to the client (it may not be told during FETCH, STORE, SEARCH). */
  pendingExpunges: Set<number>;
  /** Flag changes this session already reported itself (STORE), by UID, with their MODSEQ. */
  reported: Map<number, bigint>;
  /** The messages that are \Recent in this session (IMAP4rev1; lib/store/claim-recent.ts); none under IMAP4rev2. */
  recent: Set<number>;
};

export async function openSelectedFolder(session: Session, name: string, isReadOnly: boolean): Promise<SelectedFolder> {
  const { folder, uids } = await openFolderState(session.deps.store.db, session.principal!.mailboxId, name);
  const recentFrom = await findRecentStart(session, folder.id, isReadOnly, folder.uidNext);
  const recent = new Set(uids.filter((uid) => uid >= recentFrom && (isReadOnly || uid < folder.uidNext)));
  return { folderId: folder.id, name: folder.name, isReadOnly, uidValidity: folder.uidValidity, uidNext: folder.uidNext, uids, modseq: folder.highestModseq, pendingExpunges: new Set(), reported: new Map(), recent };
}

/**
 * Where this session's \Recent messages start: SELECT claims the messages below `upTo` that no session
 * has seen (lib/store/claim-recent.ts), EXAMINE only looks. IMAP4rev2 has no \Recent (RFC 9051
 * Appendix E), so a rev2 session claims nothing, leaving new mail recent for an IMAP4rev1 session.
 */
async function findRecentStart(session: Session, folderId: string, isReadOnly: boolean, upTo: number): Promise<number> {
  if (isRev2(session)) return Number.MAX_SAFE_INTEGER;
  const { db } = session.deps.store;
  return isReadOnly ? findFirstRecentUid(db, folderId) : claimRecentMessages(db, folderId, upTo);
}

/** A message's flags as this session shows them: with \Recent when it is recent here. */
export function flagsInSession(folder: SelectedFolder, uid: number, flags: readonly string[]): string[] {
  return folder.recent.has(uid) ? [...flags, "\\Recent"] : [...flags];
}

/** The message sequence number of a UID, or 0 when the client does not know it. */
export function sequenceOf(folder: SelectedFolder, uid: number): number {
  let low = 0;
  let high = folder.uids.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = folder.uids[middle]!;
    if (value === uid) return middle + 1;
    if (value < uid) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

/**
 * Tells the client what changed in the selected folder since it last heard: new messages (EXISTS),
 * flags others changed (FETCH), and expunges when `mayExpunge` (RFC 9051 §7.5.1: not while
 * answering FETCH, STORE or SEARCH, whose sequence numbers must stay put; they wait for the next
 * command that allows them). Returns false when the folder is gone (deleted by another session).
 */
export async function announceChanges(session: Session, mayExpunge: boolean): Promise<boolean> {
  const folder = session.selected;
  if (!folder) return true;
  const changes = await readFolderChanges(session.deps.store.db, folder.folderId, folder.modseq);
  if (!changes) return false;
  const isCondstore = session.enabled.has("CONDSTORE") || session.enabled.has("QRESYNC");
  const known = new Set(folder.uids);
  const expunged = new Set(changes.expunged);
  for (const uid of expunged) if (known.has(uid)) folder.pendingExpunges.add(uid);
  if (mayExpunge && folder.pendingExpunges.size > 0) tellExpunges(session, folder, [...folder.pendingExpunges].sort((a, b) => a - b));

  const lastUid = folder.uids.at(-1) ?? 0;
  const added = changes.changed.filter((change) => change.uid > lastUid && !expunged.has(change.uid));
  if (added.length > 0) {
    folder.uids.push(...added.map((change) => change.uid));
    session.untagged(`${folder.uids.length} EXISTS`);
    // New mail is recent in the session that sees it first (a read-write one claims it).
    const recentFrom = await findRecentStart(session, folder.folderId, folder.isReadOnly, added.at(-1)!.uid + 1);
    for (const change of added) if (change.uid >= recentFrom) folder.recent.add(change.uid);
    if (!isRev2(session)) session.untagged(`${folder.recent.size} RECENT`);
  }
  for (const change of changes.changed) {
    if (change.uid > lastUid || folder.pendingExpunges.has(change.uid)) continue;
    const seq = sequenceOf(folder, change.uid);
    if (seq === 0 || (folder.reported.get(change.uid) ?? -1n) >= change.modseq) continue;
    session.untagged(`${seq} FETCH (UID ${change.uid} FLAGS ${formatFlagList(flagsInSession(folder, change.uid, change.flags))}${isCondstore ? ` MODSEQ (${change.modseq})` : ""})`);
  }
  folder.reported.clear();
  folder.modseq = changes.folder.highestModseq > folder.modseq ? changes.folder.highestModseq : folder.modseq;
  return true;
}

/** Removes expunged UIDs from the client's view: VANISHED with QRESYNC (RFC 7162 §3.2.10), else one EXPUNGE each, highest first. */
export function tellExpunges(session: Session, folder: SelectedFolder, uids: number[]): void {
  const gone = uids.filter((uid) => sequenceOf(folder, uid) > 0);
  if (gone.length === 0) return;
  if (session.enabled.has("QRESYNC")) {
    session.untagged(`VANISHED ${formatUidSet(gone)}`);
  } else {
    // Highest first: each EXPUNGE renumbers the messages after it, and these stay valid.
    for (const uid of [...gone].sort((a, b) => b - a)) session.untagged(`${sequenceOf(folder, uid)} EXPUNGE`);
  }
  const removed = new Set(gone);
  folder.uids = folder.uids.filter((uid) => !removed.has(uid));
  for (const uid of gone) folder.recent.delete(uid);
  for (const uid of uids) folder.pendingExpunges.delete(uid);
}

/** Ascending UIDs as a compact set: 1:3,7,9:10. */
export function formatUidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! === sorted[j]! + 1) j += 1;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

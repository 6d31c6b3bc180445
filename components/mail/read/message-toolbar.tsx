"use client";
import Link from "next/link";
import type { FolderSummary, MessageDetails } from "./mail-types";
import type { MessageActionName } from "./post-message-action";
import { MoveToSelect } from "./move-to-select";
import { BlockSenderButton } from "@/components/manager-delivery/block-sender-button";

type Props = {
  details: MessageDetails;
  folders: FolderSummary[];
  onAction: (action: MessageActionName, folderId?: string) => void;
  /** Only a mailbox that manages its account writes the account's block list. */
  canBlockSenders: boolean;
};

const BUTTON = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/** What can be done with the open message: answer it, file it, mark it, block its sender. Keyboard shortcuts in brackets. */
export function MessageToolbar({ details, folders, onAction, canBlockSenders }: Props) {
  const folder = folders.find((f) => f.id === details.folderId);
  const isJunk = folder?.specialUse === "JUNK";
  const compose = (mode: string) => `/mail/compose?${new URLSearchParams({ reply: details.id, mode })}`;
  const sender = details.from[0]?.address;
  return (
    <div className="flex flex-wrap items-center gap-1.5 border-b border-slate-200 px-3 py-2 dark:border-slate-800" role="toolbar" aria-label="Message actions">
      <Link href={compose("reply")} className={BUTTON} title="Reply (r)">Reply</Link>
      <Link href={compose("all")} className={BUTTON} title="Reply all (a)">Reply all</Link>
      <Link href={compose("forward")} className={BUTTON} title="Forward (f)">Forward</Link>
      <button type="button" className={BUTTON} title="Archive (e)" onClick={() => onAction("archive")}>Archive</button>
      <button type="button" className={BUTTON} title="Delete (#)" onClick={() => onAction("trash")}>Delete</button>
      {isJunk ? (
        <button type="button" className={BUTTON} onClick={() => onAction("notjunk")}>Not junk</button>
      ) : (
        <button type="button" className={BUTTON} title="Report spam: moves it to Junk" onClick={() => onAction("junk")}>Report spam</button>
      )}
      <button type="button" className={BUTTON} onClick={() => onAction("unread")}>Mark unread</button>
      <button type="button" className={BUTTON} title="Flag (s)" aria-pressed={details.isFlagged} onClick={() => onAction(details.isFlagged ? "unflag" : "flag")}>
        {details.isFlagged ? "Unflag" : "Flag"}
      </button>
      <MoveToSelect folders={folders} currentFolderId={details.folderId} label="Move to folder" onMove={(folderId) => onAction("move", folderId)} className="px-2 py-1 text-sm" />
      {canBlockSenders && sender && <BlockSenderButton address={sender} />}
    </div>
  );
}

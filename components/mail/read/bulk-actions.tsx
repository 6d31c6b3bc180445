"use client";
import { MoveToSelect } from "./move-to-select";
import type { FolderSummary } from "./mail-types";
import type { MessageActionName } from "./post-message-action";

const BUTTON = "rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/** Above the list while messages are ticked: what to do with all of them at once. */
export function BulkActions({ count, folders, currentFolderId, onAction, onClear }: { count: number; folders: FolderSummary[]; currentFolderId: string; onAction: (action: MessageActionName, folderId?: string) => void; onClear: () => void }) {
  return (
    <div role="toolbar" aria-label="Selected messages" className="flex flex-wrap items-center gap-1.5 border-b border-slate-200 bg-blue-50 px-3 py-2 text-xs dark:border-slate-800 dark:bg-blue-950">
      <span className="font-semibold" data-testid="selected-count">{count} selected</span>
      <button type="button" className={BUTTON} onClick={() => onAction("read")}>Mark read</button>
      <button type="button" className={BUTTON} onClick={() => onAction("unread")}>Mark unread</button>
      <button type="button" className={BUTTON} onClick={() => onAction("flag")}>Flag</button>
      <button type="button" className={BUTTON} onClick={() => onAction("archive")}>Archive</button>
      <button type="button" className={BUTTON} onClick={() => onAction("trash")}>Delete</button>
      <button type="button" className={BUTTON} onClick={() => onAction("junk")}>Report spam</button>
      <MoveToSelect folders={folders} currentFolderId={currentFolderId} label="Move selected to folder" onMove={(folderId) => onAction("move", folderId)} className="px-1 py-0.5" />
      <button type="button" className="ml-auto text-blue-700 underline dark:text-blue-300" onClick={onClear}>Clear</button>
    </div>
  );
}

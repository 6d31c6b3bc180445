"use client";
import { orderFolders } from "./folder-order";
import type { FolderSummary } from "./mail-types";

/**
 * "Move to…": every folder but the one the messages are in, nested by indentation. The message
 * toolbar and the bulk bar use it; dragging rows onto the folder list does the same move.
 */
export function MoveToSelect({ folders, currentFolderId, label, onMove, className }: { folders: FolderSummary[]; currentFolderId: string; label: string; onMove: (folderId: string) => void; className: string }) {
  return (
    <select aria-label={label} value="" onChange={(event) => event.target.value && onMove(event.target.value)} className={`rounded-md border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900 ${className}`}>
      <option value="">Move to…</option>
      {orderFolders(folders)
        .filter((f) => f.id !== currentFolderId)
        .map((f) => (
          <option key={f.id} value={f.id}>
            {"\u00a0\u00a0".repeat(f.depth)}
            {f.label}
          </option>
        ))}
    </select>
  );
}

"use client";
import { useState, type DragEvent } from "react";
import { orderFolders } from "./folder-order";
import type { FolderSummary } from "./mail-types";
import { canNestFolder, carriesFolder, carriesMessages, FOLDER_DRAG_TYPE, isCustomFolder, readMessagesDrop } from "./drag-data";

type Props = {
  folders: FolderSummary[];
  selectedId: string;
  onSelect: (id: string) => void;
  /** Messages dragged from the list were dropped on a folder (the same move as "Move to…"). */
  onDropMessages: (ids: string[], folderId: string) => void;
  /** A folder was dragged onto another (parentId) or onto "Top level" (null). */
  onNestFolder: (folderId: string, parentId: string | null) => void;
};

const TOP_LEVEL = "top-level";
const DROP_HIGHLIGHT = "bg-blue-100 text-blue-900 ring-2 ring-blue-500 ring-inset dark:bg-blue-900/60 dark:text-blue-50 dark:ring-blue-400";

/**
 * The folders, special ones first, with unread counts. Also drop targets: messages dragged from
 * the list move into a folder; a custom folder dragged onto another goes inside it, or onto "Top
 * level" comes out. Keyboard users have "Move to…" and the folder tools for the same.
 */
export function FolderList({ folders, selectedId, onSelect, onDropMessages, onNestFolder }: Props) {
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [draggedFolderId, setDraggedFolderId] = useState<string | null>(null);
  const ordered = orderFolders(folders);
  const dragged = folders.find((f) => f.id === draggedFolderId);

  /** Whether what is being dragged may land on `target` (a folder, or null for the top level). */
  const accepts = (event: DragEvent, target: FolderSummary | null) => {
    if (carriesMessages(event.dataTransfer)) return target !== null && target.id !== selectedId;
    return carriesFolder(event.dataTransfer) && dragged !== undefined && canNestFolder(dragged, target);
  };
  const dropHandlers = (key: string, target: FolderSummary | null) => ({
    onDragOver: (event: DragEvent) => {
      if (!accepts(event, target)) return;
      event.preventDefault(); // a drop is allowed only where dragover was cancelled
      event.dataTransfer.dropEffect = "move";
      if (dropTarget !== key) setDropTarget(key);
    },
    onDragLeave: (event: DragEvent) => {
      // Entering the label inside the button is not leaving the button.
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      setDropTarget((current) => (current === key ? null : current));
    },
    onDrop: (event: DragEvent) => {
      setDropTarget(null);
      if (!accepts(event, target)) return;
      event.preventDefault();
      if (carriesMessages(event.dataTransfer)) {
        const ids = readMessagesDrop(event.dataTransfer);
        if (ids && target) onDropMessages(ids, target.id);
      } else if (dragged) {
        onNestFolder(dragged.id, target?.id ?? null);
      }
    },
  });

  return (
    <nav aria-label="Folders" className="h-full overflow-y-auto p-2">
      <ul className="space-y-0.5">
        {ordered.map((folder) => {
          const isSelected = folder.id === selectedId;
          const isDropTarget = dropTarget === folder.id;
          const isDraggable = isCustomFolder(folder);
          return (
            <li key={folder.id}>
              <button
                type="button"
                onClick={() => onSelect(folder.id)}
                aria-current={isSelected ? "page" : undefined}
                aria-label={folder.unseenCount > 0 ? `${folder.label}, ${folder.unseenCount} unread` : folder.label}
                data-testid="folder"
                data-drop-target={isDropTarget ? "true" : undefined}
                draggable={isDraggable}
                onDragStart={isDraggable ? (event) => {
                  event.dataTransfer.setData(FOLDER_DRAG_TYPE, folder.id);
                  event.dataTransfer.effectAllowed = "move";
                  setDraggedFolderId(folder.id);
                } : undefined}
                onDragEnd={() => (setDraggedFolderId(null), setDropTarget(null))}
                {...dropHandlers(folder.id, folder)}
                style={{ paddingLeft: `${0.75 + folder.depth * 1}rem` }}
                className={`flex w-full items-center justify-between rounded-md py-1.5 pr-3 text-left text-sm ${isDropTarget ? DROP_HIGHLIGHT : isSelected ? "bg-blue-100 font-semibold text-blue-900 dark:bg-blue-900/40 dark:text-blue-100" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"} ${folder.id === draggedFolderId ? "opacity-50" : ""}`}
              >
                <span className="truncate">{folder.label}</span>
                {folder.unseenCount > 0 && <span className="ml-2 text-xs font-semibold text-blue-700 dark:text-blue-300">{folder.unseenCount}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {/* Only when some folder is nested: there is something to take out. */}
      {ordered.some((f) => f.depth > 0 && isCustomFolder(f)) && (
        <div
          data-testid="top-level-drop"
          data-drop-target={dropTarget === TOP_LEVEL ? "true" : undefined}
          {...dropHandlers(TOP_LEVEL, null)}
          className={`mt-2 rounded-md border border-dashed px-3 py-1.5 text-xs ${dropTarget === TOP_LEVEL ? `${DROP_HIGHLIGHT} border-transparent` : "border-slate-300 text-slate-500 dark:border-slate-700 dark:text-slate-400"}`}
        >
          Drop a folder here to move it to the top level
        </div>
      )}
    </nav>
  );
}

/** The same choice as a select, for a phone's narrow column. */
export function FolderSelect({ folders, selectedId, onSelect }: { folders: FolderSummary[]; selectedId: string; onSelect: (id: string) => void }) {
  return (
    <select aria-label="Folder" value={selectedId} onChange={(event) => onSelect(event.target.value)} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900">
      {orderFolders(folders).map((folder) => (
        <option key={folder.id} value={folder.id}>
          {"\u00a0\u00a0".repeat(folder.depth)}
          {folder.label}
          {folder.unseenCount > 0 ? ` (${folder.unseenCount})` : ""}
        </option>
      ))}
    </select>
  );
}

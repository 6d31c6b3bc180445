// What a drag carries between the message list and the folder list: HTML5 drag and drop with our
// own media types, so a drop from another page or application (a file, a link) is never mistaken
// for ours. During dragover only the types can be read, not the data.
import type { FolderSummary } from "./mail-types";

export const MESSAGES_DRAG_TYPE = "application/x-mailwright-messages";
export const FOLDER_DRAG_TYPE = "application/x-mailwright-folder";

export function carriesMessages(dataTransfer: DataTransfer): boolean {
  return dataTransfer.types.includes(MESSAGES_DRAG_TYPE);
}

export function carriesFolder(dataTransfer: DataTransfer): boolean {
  return dataTransfer.types.includes(FOLDER_DRAG_TYPE);
}

/** Starts dragging messages: the ids, and a small "3 messages" label under the pointer when there are several. */
export function startMessagesDrag(dataTransfer: DataTransfer, ids: string[]): void {
  dataTransfer.setData(MESSAGES_DRAG_TYPE, JSON.stringify(ids));
  dataTransfer.effectAllowed = "move";
  if (ids.length > 1) {
    const label = document.createElement("div");
    label.textContent = `${ids.length} messages`;
    label.style.cssText = "position:fixed;top:-100px;left:0;padding:4px 10px;border-radius:6px;background:#1d4ed8;color:#fff;font:600 13px system-ui,sans-serif";
    document.body.appendChild(label);
    dataTransfer.setDragImage(label, 0, 0);
    // The browser has taken its picture once this task ends.
    setTimeout(() => label.remove(), 0);
  }
}

/** The dropped message ids, or null when the drop was not ours or is malformed. */
export function readMessagesDrop(dataTransfer: DataTransfer): string[] | null {
  try {
    const ids: unknown = JSON.parse(dataTransfer.getData(MESSAGES_DRAG_TYPE));
    return Array.isArray(ids) && ids.length > 0 && ids.every((id) => typeof id === "string") ? ids : null;
  } catch {
    return null;
  }
}

/** Special folders keep their place (lib/store/change-own-folder.ts refuses to move them). */
export function isCustomFolder(folder: FolderSummary): boolean {
  return !folder.specialUse && folder.name !== "INBOX";
}

/**
 * Whether `folder` can go inside `target` (null: the top level): only into another custom folder,
 * never into itself or its own subfolders, and not where it already is.
 */
export function canNestFolder(folder: FolderSummary, target: FolderSummary | null): boolean {
  if (!isCustomFolder(folder)) return false;
  const parentPath = folder.name.includes("/") ? folder.name.slice(0, folder.name.lastIndexOf("/")) : null;
  if (target === null) return parentPath !== null;
  if (!isCustomFolder(target) || target.id === folder.id) return false;
  return !target.name.startsWith(`${folder.name}/`) && target.name !== parentPath;
}

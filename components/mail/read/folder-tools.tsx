"use client";
import { useState } from "react";
import type { FolderSummary } from "./mail-types";
import { orderFolders } from "./folder-order";
import { canNestFolder } from "./drag-data";

export async function changeFolder(body: Record<string, unknown>): Promise<{ folderId?: string; count?: number }> {
  const response = await fetch("/api/mail/folder-actions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => ({}))) as { error?: string; folderId?: string; count?: number };
  if (!response.ok) throw new Error(json.error ?? `The server answered ${response.status}.`);
  return json;
}

const BUTTON = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/**
 * Below the folder list: a new folder (inside the selected one, when that is not a special
 * folder), and rename, move (the keyboard's way to do what dragging a folder does) or delete for
 * the selected folder; special folders keep their names and places.
 */
export function FolderTools({ folders, selected, onChanged, onNest }: { folders: FolderSummary[]; selected: FolderSummary | undefined; onChanged: (select: { folderId: string } | "inbox") => void; onNest: (folderId: string, parentId: string | null) => void }) {
  const [mode, setMode] = useState<"idle" | "create" | "rename">("idle");
  const [error, setError] = useState<string | null>(null);
  const isCustom = selected && !selected.specialUse && selected.name !== "INBOX";
  const run = async (body: Record<string, unknown>, selectAfter: "result" | "inbox") => {
    try {
      const result = await changeFolder(body);
      setMode("idle");
      setError(null);
      onChanged(selectAfter === "result" && result.folderId ? { folderId: result.folderId } : "inbox");
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div className="space-y-2 border-t border-slate-200 p-2 dark:border-slate-800">
      {mode === "idle" ? (
        <div className="flex flex-wrap gap-1.5">
          <button type="button" className={BUTTON} onClick={() => setMode("create")}>New folder</button>
          {isCustom && <button type="button" className={BUTTON} onClick={() => setMode("rename")}>Rename</button>}
          {isCustom && <MoveFolderSelect folders={folders} folder={selected} onNest={onNest} />}
          {isCustom && (
            <button type="button" className={BUTTON} onClick={() => window.confirm(`Delete the folder “${selected.name}” and the messages in it?`) && run({ op: "delete", folderId: selected.id }, "inbox")}>
              Delete
            </button>
          )}
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
            if (mode === "create") void run({ op: "create", name, ...(isCustom ? { parentId: selected.id } : {}) }, "result");
            else if (selected) void run({ op: "rename", folderId: selected.id, name }, "result");
          }}
          className="space-y-1"
        >
          <input
            name="name"
            required
            maxLength={200}
            autoFocus
            defaultValue={mode === "rename" ? selected?.name.split("/").at(-1) : ""}
            aria-label={mode === "create" ? (isCustom ? `New folder inside ${selected.name}` : "New folder name") : "New name"}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          <div className="flex gap-1.5">
            <button type="submit" className={BUTTON}>{mode === "create" ? "Create" : "Rename"}</button>
            <button type="button" className={BUTTON} onClick={() => (setMode("idle"), setError(null))}>Cancel</button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
    </div>
  );
}

/** "Move into…": the folders this one may go inside, and the top level when it is nested. */
function MoveFolderSelect({ folders, folder, onNest }: { folders: FolderSummary[]; folder: FolderSummary; onNest: (folderId: string, parentId: string | null) => void }) {
  const targets = orderFolders(folders).filter((target) => canNestFolder(folder, target));
  const canUnnest = canNestFolder(folder, null);
  if (targets.length === 0 && !canUnnest) return null;
  return (
    <select
      aria-label={`Move folder ${folder.name} into`}
      value=""
      onChange={(event) => event.target.value && onNest(folder.id, event.target.value === TOP_LEVEL ? null : event.target.value)}
      className="rounded-md border border-slate-300 bg-white px-1 py-1 text-xs dark:border-slate-700 dark:bg-slate-900"
    >
      <option value="">Move into…</option>
      {canUnnest && <option value={TOP_LEVEL}>Top level</option>}
      {targets.map((target) => (
        <option key={target.id} value={target.id}>
          {"\u00a0\u00a0".repeat(target.depth)}
          {target.label}
        </option>
      ))}
    </select>
  );
}

/** Not a folder id (those are cuids). */
const TOP_LEVEL = "(top)";

/** "Empty Trash" / "Empty Junk" in the list's header when that folder is open. */
export function EmptyFolderButton({ folder, onEmptied }: { folder: FolderSummary; onEmptied: () => void }) {
  if (folder.specialUse !== "TRASH" && folder.specialUse !== "JUNK") return null;
  const label = folder.specialUse === "TRASH" ? "Empty Trash" : "Empty Junk";
  return (
    <button
      type="button"
      className={BUTTON}
      disabled={folder.messageCount === 0}
      onClick={async () => {
        if (!window.confirm(`${label}? The ${folder.messageCount} messages in it are deleted for good.`)) return;
        await changeFolder({ op: "empty", folderId: folder.id }).catch((failure: Error) => window.alert(failure.message));
        onEmptied();
      }}
    >
      {label}
    </button>
  );
}

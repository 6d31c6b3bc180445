import type { FolderSummary } from "./mail-types";

const SPECIAL_ORDER = ["INBOX", "DRAFTS", "SENT", "JUNK", "TRASH", "ARCHIVE"];
const SPECIAL_LABELS: Record<string, string> = { INBOX: "Inbox", DRAFTS: "Drafts", SENT: "Sent", JUNK: "Junk", TRASH: "Trash", ARCHIVE: "Archive" };

export type FolderEntry = FolderSummary & { label: string; depth: number };

/** The special folders first in the order mail clients show them, then the rest by name, nested by "/". */
export function orderFolders(folders: FolderSummary[]): FolderEntry[] {
  const rank = (f: FolderSummary) => {
    const index = f.name === "INBOX" ? 0 : f.specialUse ? SPECIAL_ORDER.indexOf(f.specialUse) : -1;
    return index === -1 ? SPECIAL_ORDER.length : index;
  };
  return [...folders]
    .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      const isSpecial = rank(f) < SPECIAL_ORDER.length;
      const levels = f.name.split("/");
      return { ...f, label: isSpecial ? (SPECIAL_LABELS[f.name === "INBOX" ? "INBOX" : f.specialUse!] ?? f.name) : levels.at(-1)!, depth: isSpecial ? 0 : levels.length - 1 };
    });
}

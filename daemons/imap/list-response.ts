import type { FolderRow } from "../../lib/store/folder-state.ts";
import { formatFolderName } from "./folder-names.ts";
import type { ResponsePiece } from "./protocol/response-values.ts";
import type { Session } from "./session.ts";

const SPECIAL_USE_ATTRIBUTES: Record<string, string> = { SENT: "\\Sent", DRAFTS: "\\Drafts", TRASH: "\\Trash", JUNK: "\\Junk", ARCHIVE: "\\Archive" };

/** The folder's special-use attribute (RFC 6154), if it has one. */
export function specialUseAttribute(folder: FolderRow): string | undefined {
  return SPECIAL_USE_ATTRIBUTES[folder.specialUse ?? ""];
}

/**
 * A LIST response's attributes (RFC 9051 §7.3.1) for a name: a folder's are \HasChildren or
 * \HasNoChildren always (as the CHILDREN return option asks), \Subscribed when asked for, and its
 * special use. A subscribed name whose folder was deleted is \NonExistent (which implies
 * \Noselect); it has no children, since a folder with children cannot be deleted (folders.ts).
 */
export function listAttributes(folder: FolderRow | null, folderNames: readonly string[], isSubscribed: boolean, showSubscribed: boolean): string[] {
  const subscribed = showSubscribed && isSubscribed ? ["\\Subscribed"] : [];
  if (!folder) return ["\\NonExistent", ...subscribed];
  const hasChildren = folderNames.some((name) => name.startsWith(`${folder.name}/`));
  const attributes = [hasChildren ? "\\HasChildren" : "\\HasNoChildren", ...subscribed];
  const specialUse = specialUseAttribute(folder);
  if (specialUse) attributes.push(specialUse);
  return attributes;
}

/** `LIST (attributes) "/" name [extended data]` (LSUB alike), the name as this session writes mailbox names. */
export function formatListResponse(session: Session, response: "LIST" | "LSUB", attributes: readonly string[], name: string, extendedData: ResponsePiece[] = []): ResponsePiece[] {
  return [`${response} (${attributes.join(" ")}) "/" `, ...formatFolderName(session, name), ...extendedData];
}

import type { Prisma } from "../generated/postgres/client.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import { nextUidValidity } from "./uid-validity.ts";

/** The folders every mailbox starts with; their special-use roles tell clients which is which (RFC 6154). */
export const DEFAULT_FOLDERS = [
  { name: "INBOX", specialUse: "INBOX" },
  { name: "Sent", specialUse: "SENT" },
  { name: "Drafts", specialUse: "DRAFTS" },
  { name: "Trash", specialUse: "TRASH" },
  { name: "Junk", specialUse: "JUNK" },
  { name: "Archive", specialUse: "ARCHIVE" },
] as const satisfies readonly { name: string; specialUse: Prisma.FolderCreateManyInput["specialUse"] }[];

/** Creates the default folders of a new mailbox; call it in the transaction that creates the mailbox. */
export async function createDefaultFolders(db: DbClient, mailboxId: string): Promise<void> {
  const uidValidity = await nextUidValidity(db, mailboxId);
  await db.folder.createMany({ data: DEFAULT_FOLDERS.map((folder) => ({ mailboxId, ...folder, uidValidity })) });
  await db.subscription.createMany({ data: DEFAULT_FOLDERS.map((folder) => ({ mailboxId, name: folder.name })) });
}

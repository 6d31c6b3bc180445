import { countDeletedMessages, type FolderRow } from "../../lib/store/folder-state.ts";
import { countUnclaimedRecent } from "../../lib/store/claim-recent.ts";
import type { StatusItem } from "./protocol/command.ts";
import type { ResponsePiece } from "./protocol/response-values.ts";
import { formatFolderName } from "./folder-names.ts";
import type { Session } from "./session.ts";

/** The STATUS response for a folder (RFC 9051 §7.3.4): its name, then the items in the order asked. */
export async function formatStatusResponse(session: Session, folder: FolderRow, items: readonly StatusItem[]): Promise<ResponsePiece[]> {
  return ["STATUS ", ...formatFolderName(session, folder.name), ` ${await formatStatusItems(session, folder, items)}`];
}

async function formatStatusItems(session: Session, folder: FolderRow, items: readonly StatusItem[]): Promise<string> {
  const values: string[] = [];
  for (const item of items) {
    switch (item) {
      case "MESSAGES":
        values.push(`MESSAGES ${folder.messageCount}`);
        break;
      case "UIDNEXT":
        values.push(`UIDNEXT ${folder.uidNext}`);
        break;
      case "UIDVALIDITY":
        values.push(`UIDVALIDITY ${folder.uidValidity}`);
        break;
      case "UNSEEN":
        values.push(`UNSEEN ${folder.unseenCount}`);
        break;
      case "DELETED":
        values.push(`DELETED ${await countDeletedMessages(session.deps.store.db, folder.id)}`);
        break;
      case "SIZE":
        values.push(`SIZE ${folder.totalBytes}`);
        break;
      case "RECENT":
        values.push(`RECENT ${await countUnclaimedRecent(session.deps.store.db, folder.id)}`);
        break;
      case "HIGHESTMODSEQ":
        values.push(`HIGHESTMODSEQ ${folder.highestModseq}`);
        break;
      case "APPENDLIMIT":
        values.push(`APPENDLIMIT ${session.deps.store.maxMessageBytes}`);
        break;
    }
  }
  return `(${values.join(" ")})`;
}

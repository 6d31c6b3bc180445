// tag STATUS mailbox (status-att...)
// DELETED only in IMAP4rev2 sessions, RECENT only in IMAP4rev1 ones (the parser refuses the other).
import { findFolder } from "../../../lib/store/find-folder.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";
import { formatStatusResponse } from "../folder-status.ts";

export const statusCommand: CommandHandler<CommandNamed<"STATUS">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const folder = await findFolder(session.deps.store.db, session.principal!.mailboxId, toFolderName(session, command.mailbox));
    if (command.items.includes("HIGHESTMODSEQ")) session.enabled.add("CONDSTORE"); // RFC 7162 §3.1.2
    session.untagged(...(await formatStatusResponse(session, folder, command.items)));
    return ok("STATUS completed");
  },
};

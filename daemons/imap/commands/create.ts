// tag CREATE mailbox [(USE (special-use...))]
// A trailing "/" only says the client means to create children under it (RFC 9051 §6.3.4).
import { createFolder } from "../../../lib/store/folders.ts";
import { no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";

export const createCommand: CommandHandler<CommandNamed<"CREATE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    if (command.specialUse.length > 0) return no("Special-use folders are set by the service", "USEATTR");
    const name = toFolderName(session, command.mailbox).replace(/\/+$/, "");
    await createFolder(session.deps.store.db, { mailboxId: session.principal!.mailboxId, name });
    return ok("CREATE completed");
  },
};

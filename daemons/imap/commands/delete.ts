// tag DELETE mailbox
import { deleteFolder } from "../../../lib/store/folders.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";

export const deleteCommand: CommandHandler<CommandNamed<"DELETE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const name = toFolderName(session, command.mailbox);
    await deleteFolder(session.deps.store.db, { mailboxId: session.principal!.mailboxId, name });
    return ok("DELETE completed");
  },
};

// tag RENAME existing-mailbox new-mailbox
import { renameFolder } from "../../../lib/store/folders.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";

export const renameCommand: CommandHandler<CommandNamed<"RENAME">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const from = toFolderName(session, command.from);
    const to = toFolderName(session, command.to).replace(/\/+$/, "");
    await renameFolder(session.deps.store.db, { mailboxId: session.principal!.mailboxId, from, to });
    // The selected folder keeps its id, so the session follows it; only its name changes.
    if (session.selected && session.selected.name === from) session.selected.name = to;
    return ok("RENAME completed");
  },
};

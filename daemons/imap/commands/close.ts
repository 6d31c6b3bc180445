// tag CLOSE
// tag UNSELECT
// CLOSE expunges \Deleted messages silently (RFC 9051 §6.4.1) unless the folder is read-only;
// UNSELECT (RFC 3691) leaves them. Both end the selected state.
import { expungeMessages } from "../../../lib/store/expunge-messages.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

export const closeCommand: CommandHandler<CommandNamed<"CLOSE" | "UNSELECT">> = {
  states: ["selected"],
  async run(session, command) {
    const folder = session.selected!;
    session.selected = null;
    session.state = "authenticated";
    if (command.name === "CLOSE" && !folder.isReadOnly) {
      await expungeMessages(session.deps.store.db, { mailboxId: session.principal!.mailboxId, folder: { id: folder.folderId } });
    }
    return ok(`${command.name} completed`);
  },
};

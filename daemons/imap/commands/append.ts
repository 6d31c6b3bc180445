// tag APPEND mailbox [(flags)] [date-time] literal
// Through the store's one write path. UIDPLUS (RFC 4315): the answer names the new UID.
import { ingestMessage } from "../../../lib/store/ingest-message.ts";
import { bad, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";

export const appendCommand: CommandHandler<CommandNamed<"APPEND">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    // MULTIAPPEND (RFC 3502) must be all or nothing, which the store cannot promise yet: not offered.
    if (command.messages.length !== 1) return bad("Append one message per command");
    const [message] = command.messages;
    const folder = toFolderName(session, command.mailbox);
    const result = await ingestMessage(session.deps.store, {
      mailboxId: session.principal!.mailboxId,
      folder,
      raw: message!.message,
      flags: message!.flags,
      internalDate: message!.internalDate ?? undefined,
      source: "imap-append",
    });
    return ok("APPEND completed", `APPENDUID ${result.uidValidity} ${result.uid}`);
  },
};

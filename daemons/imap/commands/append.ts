// tag APPEND mailbox [(flags)] [date-time] literal *(SP [(flags)] [date-time] literal)
// Through the store's one write path, every message in one ingest: MULTIAPPEND (RFC 3502) appends
// all of them or none. UIDPLUS (RFC 4315): the answer names the new UIDs.
import { ingestMessages } from "../../../lib/store/ingest-message.ts";
import { no, ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";
import { formatUidSet } from "../selected-folder.ts";

export const appendCommand: CommandHandler<CommandNamed<"APPEND">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    // RFC 3502 §6.3.11: a zero-length message is an error that MUST get NO; clients send one to cancel.
    if (command.messages.some((m) => m.message.length === 0)) return no("Zero-length message literal: nothing appended");
    const results = await ingestMessages(session.deps.store, {
      mailboxId: session.principal!.mailboxId,
      folder: toFolderName(session, command.mailbox),
      source: "imap-append",
      messages: command.messages.map((m) => ({ raw: m.message, flags: m.flags, internalDate: m.internalDate ?? undefined })),
    });
    return ok("APPEND completed", `APPENDUID ${results[0]!.uidValidity} ${formatUidSet(results.map((r) => r.uid))}`);
  },
};

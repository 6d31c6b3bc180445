// tag STATUS mailbox (status-att...)
import { findFolder } from "../../../lib/store/find-folder.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName, toWireName } from "../folder-names.ts";
import { formatStatusItems } from "../folder-status.ts";
import { astring } from "../protocol/response-values.ts";

export const statusCommand: CommandHandler<CommandNamed<"STATUS">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const folder = await findFolder(session.deps.store.db, session.principal!.mailboxId, toFolderName(session, command.mailbox));
    if (command.items.includes("HIGHESTMODSEQ")) session.enabled.add("CONDSTORE"); // RFC 7162 §3.1.2
    session.untagged("STATUS ", ...astring(toWireName(session, folder.name), { utf8: session.enabled.has("UTF8=ACCEPT") }), ` ${await formatStatusItems(session, folder, command.items)}`);
    return ok("STATUS completed");
  },
};

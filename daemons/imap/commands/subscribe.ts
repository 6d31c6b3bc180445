// tag SUBSCRIBE mailbox
// tag UNSUBSCRIBE mailbox
import { setSubscription } from "../../../lib/store/subscriptions.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { toFolderName } from "../folder-names.ts";

export const subscribeCommand: CommandHandler<CommandNamed<"SUBSCRIBE" | "UNSUBSCRIBE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const name = toFolderName(session, command.mailbox);
    await setSubscription(session.deps.store.db, { mailboxId: session.principal!.mailboxId, name, isSubscribed: command.name === "SUBSCRIBE" });
    return ok(`${command.name} completed`);
  },
};

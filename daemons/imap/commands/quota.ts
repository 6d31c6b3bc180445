// tag GETQUOTAROOT mailbox
// tag GETQUOTA quota-root
// tag SETQUOTA quota-root (resource limit ...)
// RFC 9208: one quota root, "", for the whole mailbox (every folder shares it); STORAGE in units
// of 1024 octets. Quotas are the provider's to set (the Manager), never the client's.
import { findFolder } from "../../../lib/store/find-folder.ts";
import { getMailboxOverview } from "../../../lib/directory/get-mailbox-overview.ts";
import { isUtf8Enabled, no, ok, type CommandHandler, type CommandNamed, type Session } from "../session.ts";
import { toFolderName } from "../folder-names.ts";
import { astring } from "../protocol/response-values.ts";

export const quotaCommand: CommandHandler<CommandNamed<"GETQUOTAROOT" | "GETQUOTA" | "SETQUOTA">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    if (command.name === "SETQUOTA") return no("Quotas are set by the service, not by mail clients", "NOPERM");
    if (command.name === "GETQUOTA") {
      if (command.root !== "") return no("No such quota root; the only one is \"\"", "NONEXISTENT");
      await sendQuota(session);
      return ok("GETQUOTA completed");
    }
    await findFolder(session.deps.store.db, session.principal!.mailboxId, toFolderName(session, command.mailbox)); // NONEXISTENT when not
    session.untagged("QUOTAROOT ", ...astring(command.mailbox, { utf8: isUtf8Enabled(session) }), ' ""');
    await sendQuota(session);
    return ok("GETQUOTAROOT completed");
  },
};

async function sendQuota(session: Session): Promise<void> {
  const principal = session.principal!;
  const mailbox = await getMailboxOverview(session.deps.store.db, { actor: principal, mailboxId: principal.mailboxId });
  const kib = (bytes: number) => Math.ceil(bytes / 1024);
  session.untagged(`QUOTA "" (STORAGE ${kib(mailbox.usedBytes)} ${kib(mailbox.quotaBytes)})`);
}

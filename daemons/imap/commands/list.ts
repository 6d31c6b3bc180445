// tag LIST [(selection-options)] reference (mailbox-pattern | (patterns...)) [RETURN (return-options)]
// tag LSUB reference mailbox-pattern
// LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348).
import { listFolders } from "../../../lib/store/folders.ts";
import { listSubscriptions } from "../../../lib/store/subscriptions.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { decodeWireName } from "../folder-names.ts";
import { formatStatusResponse } from "../folder-status.ts";
import { formatListResponse, listAttributes, specialUseAttribute } from "../list-response.ts";
import { matchListPattern } from "../match-list-pattern.ts";

export const listCommand: CommandHandler<CommandNamed<"LIST" | "LSUB">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const isLsub = command.name === "LSUB";
    const patterns = isLsub ? [command.pattern] : command.patterns;
    const reference = decodeWireName(session, command.reference);
    // LIST "" "": the hierarchy delimiter and root (RFC 9051 §6.3.9).
    if (!isLsub && patterns.length === 1 && patterns[0] === "") {
      session.untagged('LIST (\\Noselect) "/" ""');
      return ok("LIST completed");
    }
    const selection = isLsub ? ["SUBSCRIBED"] : command.selection;
    const returns = isLsub ? null : command.returnOptions;
    const onlySubscribed = selection.includes("SUBSCRIBED");
    const onlySpecialUse = selection.includes("SPECIAL-USE");
    // A pattern or reference that is not valid modified UTF-7 matches nothing.
    const tests = patterns.flatMap((pattern) => {
      const decoded = decodeWireName(session, pattern);
      return decoded === null || reference === null ? [] : [matchListPattern(reference, decoded)];
    });
    const { db } = session.deps.store;
    const mailboxId = session.principal!.mailboxId;
    const [folders, subscriptions] = await Promise.all([listFolders(db, mailboxId), listSubscriptions(db, mailboxId)]);
    const names = folders.map((f) => f.name);
    const subscribed = new Set(subscriptions);
    // With SUBSCRIBED, subscribed names whose folder was deleted are listed too (RFC 5258 §3.1).
    const existing = new Set(names);
    const entries = [...folders.map((folder) => ({ name: folder.name, folder })), ...(onlySubscribed ? subscriptions.filter((name) => !existing.has(name)).map((name) => ({ name, folder: null })) : [])];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, folder } of entries) {
      if (!tests.some((test) => test(name))) continue;
      if (onlySpecialUse && !(folder && specialUseAttribute(folder))) continue;
      // RECURSIVEMATCH (RFC 9051 §6.3.9.1, RFC 5258 §3.5): a folder with a subscribed descendant is
      // listed even when it is not subscribed itself, and says so with CHILDINFO.
      const hasSubscribedChild = onlySubscribed && selection.includes("RECURSIVEMATCH") && subscriptions.some((other) => other.startsWith(`${name}/`));
      if (onlySubscribed && !subscribed.has(name) && !hasSubscribedChild) continue;
      // LSUB knows no \NonExistent: a deleted folder's subscription says \Noselect (RFC 3501 §6.3.9 lets LSUB flags differ from LIST's).
      const attributes = isLsub ? (folder ? [] : ["\\Noselect"]) : listAttributes(folder, names, subscribed.has(name), onlySubscribed || Boolean(returns?.subscribed));
      session.untagged(...formatListResponse(session, command.name, attributes, name, hasSubscribedChild ? [' ("CHILDINFO" ("SUBSCRIBED"))'] : []));
      if (folder && returns?.status) session.untagged(...(await formatStatusResponse(session, folder, returns.status)));
    }
    return ok(`${command.name} completed`);
  },
};

// tag LIST [(selection-options)] reference (mailbox-pattern | (patterns...)) [RETURN (return-options)]
// tag LSUB reference mailbox-pattern
// LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348).
import { listFolders } from "../../../lib/store/folders.ts";
import type { FolderRow } from "../../../lib/store/folder-state.ts";
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { decodeWireName, toWireName } from "../folder-names.ts";
import { formatStatusItems } from "../folder-status.ts";
import { matchListPattern } from "../match-list-pattern.ts";
import { astring } from "../protocol/response-values.ts";

const SPECIAL_USE_ATTRIBUTES: Record<string, string> = { SENT: "\\Sent", DRAFTS: "\\Drafts", TRASH: "\\Trash", JUNK: "\\Junk", ARCHIVE: "\\Archive" };

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
    const folders = await listFolders(session.deps.store.db, session.principal!.mailboxId);
    const names = new Set(folders.map((f) => f.name));
    for (const folder of folders) {
      if (!tests.some((test) => test(folder.name))) continue;
      if (onlySubscribed && !folder.isSubscribed) continue;
      if (onlySpecialUse && !SPECIAL_USE_ATTRIBUTES[folder.specialUse ?? ""]) continue;
      const attributes = isLsub ? [] : attributesOf(folder, names, onlySubscribed || Boolean(returns?.subscribed));
      const name = astring(toWireName(session, folder.name), { utf8: session.enabled.has("UTF8=ACCEPT") });
      session.untagged(`${command.name} (${attributes.join(" ")}) "/" `, ...name);
      if (returns?.status) session.untagged("STATUS ", ...name, ` ${await formatStatusItems(session, folder, returns.status)}`);
    }
    return ok(`${command.name} completed`);
  },
};

function attributesOf(folder: FolderRow, names: Set<string>, showSubscribed: boolean): string[] {
  const hasChildren = [...names].some((name) => name.startsWith(`${folder.name}/`));
  const attributes = [hasChildren ? "\\HasChildren" : "\\HasNoChildren"];
  if (showSubscribed && folder.isSubscribed) attributes.push("\\Subscribed");
  const specialUse = SPECIAL_USE_ATTRIBUTES[folder.specialUse ?? ""];
  if (specialUse) attributes.push(specialUse);
  return attributes;
}

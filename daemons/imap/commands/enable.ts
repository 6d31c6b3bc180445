// tag ENABLE capability...
// RFC 5161: CONDSTORE and QRESYNC (RFC 7162; QRESYNC implies CONDSTORE, §3.2.3), UTF8=ACCEPT (RFC 6855: mailbox names and quoted strings in
// UTF-8 from now on), IMAP4rev2 (RFC 9051 Appendix E: the session speaks rev2 from now on); unknown names are ignored.
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

/** What can be enabled, by its upper-case name, with the spelling the ENABLED response uses. */
const ENABLEABLE = new Map([
  ["CONDSTORE", "CONDSTORE"],
  ["QRESYNC", "QRESYNC"],
  ["UTF8=ACCEPT", "UTF8=ACCEPT"],
  ["IMAP4REV2", "IMAP4rev2"],
]);

export const enableCommand: CommandHandler<CommandNamed<"ENABLE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const newly = [...new Set(command.capabilities.map((name) => name.toUpperCase()))].filter((name) => ENABLEABLE.has(name) && !session.enabled.has(name));
    for (const name of newly) session.enabled.add(name);
    if (newly.includes("QRESYNC")) session.enabled.add("CONDSTORE");
    // RFC 5161 §3.1 asks clients to ENABLE before selecting; one that did not loses \Recent here too.
    if (newly.includes("IMAP4REV2")) session.selected?.recent.clear();
    session.untagged(["ENABLED", ...newly.map((name) => ENABLEABLE.get(name))].join(" "));
    return ok("ENABLE completed");
  },
};

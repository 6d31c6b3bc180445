// tag ENABLE capability...
// RFC 5161: CONDSTORE and QRESYNC (RFC 7162; QRESYNC implies CONDSTORE, §3.2.3), UTF8=ACCEPT (RFC 6855: mailbox names and quoted strings in
// UTF-8 from now on); unknown names are ignored.
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

const ENABLEABLE = new Set(["CONDSTORE", "QRESYNC", "UTF8=ACCEPT"]);

export const enableCommand: CommandHandler<CommandNamed<"ENABLE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const newly = command.capabilities.map((name) => name.toUpperCase()).filter((name) => ENABLEABLE.has(name) && !session.enabled.has(name));
    for (const name of newly) session.enabled.add(name);
    if (newly.includes("QRESYNC")) session.enabled.add("CONDSTORE");
    session.untagged(["ENABLED", ...newly].join(" "));
    return ok("ENABLE completed");
  },
};

// tag ENABLE capability...
// RFC 5161. ENABLE QRESYNC implies CONDSTORE (RFC 7162 §3.2.3); unknown names are ignored.
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

const ENABLEABLE = new Set(["CONDSTORE"]);

export const enableCommand: CommandHandler<CommandNamed<"ENABLE">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    const newly = command.capabilities.map((name) => name.toUpperCase()).filter((name) => ENABLEABLE.has(name) && !session.enabled.has(name));
    for (const name of newly) session.enabled.add(name);
    session.untagged(["ENABLED", ...newly].join(" "));
    return ok("ENABLE completed");
  },
};

// tag THREAD ...
// Parsed, but its capability (THREAD=...) is not announced yet:
// a client that sends them anyway is told so, as RFC 9051 §6 expects for an unknown command.
import { bad, type CommandHandler, type CommandNamed } from "../session.ts";

export const notOfferedCommand: CommandHandler<CommandNamed<"THREAD">> = {
  states: ["authenticated", "selected"],
  async run(_session, command) {
    return bad(`${command.name} is not supported by this server`);
  },
};

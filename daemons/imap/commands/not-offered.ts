// tag SORT ... | THREAD ... | GETQUOTA ... | GETQUOTAROOT ... | SETQUOTA ... | COMPRESS ...
// Parsed, but their capabilities (SORT, THREAD, QUOTA, COMPRESS=DEFLATE) are not announced yet:
// a client that sends them anyway is told so, as RFC 9051 §6 expects for an unknown command.
import { bad, type CommandHandler, type CommandNamed } from "../session.ts";

export const notOfferedCommand: CommandHandler<CommandNamed<"SORT" | "THREAD" | "GETQUOTA" | "GETQUOTAROOT" | "SETQUOTA" | "COMPRESS">> = {
  states: ["authenticated", "selected"],
  async run(_session, command) {
    return bad(`${command.name} is not supported by this server`);
  },
};

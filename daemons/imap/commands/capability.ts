// tag CAPABILITY
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";
import { capabilityLine } from "../capabilities.ts";

export const capabilityCommand: CommandHandler<CommandNamed<"CAPABILITY">> = {
  states: ["not-authenticated", "authenticated", "selected"],
  async run(session) {
    session.untagged(`CAPABILITY ${capabilityLine(session)}`);
    return ok("CAPABILITY completed");
  },
};

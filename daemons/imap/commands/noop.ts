// tag NOOP
// tag CHECK
// Both exist to let the server speak: the changes since the last command follow (run-command.ts).
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

export const noopCommand: CommandHandler<CommandNamed<"NOOP" | "CHECK">> = {
  states: ["not-authenticated", "authenticated", "selected"],
  async run(_session, command) {
    return ok(`${command.name} completed`);
  },
};

// tag ID ("name" "value" ...) | tag ID NIL
// RFC 2971: we say who we are, and nothing that helps an attacker pick an exploit (no version).
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

export const idCommand: CommandHandler<CommandNamed<"ID">> = {
  states: ["not-authenticated", "authenticated", "selected"],
  async run(session) {
    session.untagged('ID ("name" "Mailwright" "vendor" "Mailwright")');
    return ok("ID completed");
  },
};

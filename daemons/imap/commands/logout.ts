// tag LOGOUT
import type { CommandHandler, CommandNamed } from "../session.ts";

export const logoutCommand: CommandHandler<CommandNamed<"LOGOUT">> = {
  states: ["not-authenticated", "authenticated", "selected"],
  async run(session) {
    session.untagged("BYE Logging out");
    session.state = "logout";
    return { status: "OK", text: "LOGOUT completed", after: async () => "close" };
  },
};

// tag LOGIN userid password
import { no, type CommandHandler, type CommandNamed } from "../session.ts";
import { mayLogInInClear } from "../capabilities.ts";
import { logIn } from "../log-in.ts";

export const loginCommand: CommandHandler<CommandNamed<"LOGIN">> = {
  states: ["not-authenticated"],
  async run(session, command) {
    if (!mayLogInInClear(session)) return no("Use STARTTLS first: passwords are not sent in clear", "PRIVACYREQUIRED");
    return logIn(session, command.username, command.password);
  },
};

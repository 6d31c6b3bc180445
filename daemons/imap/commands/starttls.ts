// tag STARTTLS
import { bad, type CommandHandler, type CommandNamed } from "../session.ts";

export const starttlsCommand: CommandHandler<CommandNamed<"STARTTLS">> = {
  states: ["not-authenticated"],
  async run(session) {
    if (session.isTls) return bad("TLS is already active");
    // The handshake starts once the tagged OK is out (RFC 9051 §6.2.1).
    return { status: "OK", text: "Begin TLS negotiation now", after: () => session.startTls() };
  },
};

// tag AUTHENTICATE PLAIN [initial-response]
// RFC 9051 §6.2.2 with SASL-IR (RFC 4959) and PLAIN (RFC 4616): authzid NUL authcid NUL password,
// base64. An authzid other than the login itself is refused (no proxy logins).
import { bad, no, type CommandHandler, type CommandNamed } from "../session.ts";
import { mayLogInInClear } from "../capabilities.ts";
import { logIn } from "../log-in.ts";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const authenticateCommand: CommandHandler<CommandNamed<"AUTHENTICATE">> = {
  states: ["not-authenticated"],
  async run(session, command) {
    if (command.mechanism.toUpperCase() !== "PLAIN") return no("Only AUTHENTICATE PLAIN is supported", "CANNOT");
    if (!mayLogInInClear(session)) return no("Use STARTTLS first: passwords are not sent in clear", "PRIVACYREQUIRED");
    let response = command.initialResponse;
    if (response === null) {
      session.continuation("");
      const line = await session.readLine();
      if (line === null) return bad("Connection closed");
      response = line.toString("latin1").replace(/\r?\n$/, "");
    }
    if (response === "*") return bad("Authentication cancelled");
    if (response === "=") response = "";
    if (!BASE64.test(response)) return bad("Invalid base64 in the SASL response");
    const [authzid, authcid, password, ...rest] = Buffer.from(response, "base64").toString("utf8").split("\u0000");
    if (authcid === undefined || password === undefined || rest.length > 0) return bad("Malformed PLAIN response");
    if (authzid && authzid.toLowerCase() !== authcid.toLowerCase()) return no("Logging in as another user is not allowed", "AUTHORIZATIONFAILED");
    return logIn(session, authcid, password);
  },
};

import { AppError } from "../../lib/errors.ts";
import { auth, pass, saslResponse, stls, user } from "./authorization.ts";
import { capabilityLines } from "./capabilities.ts";
import { parseCommand, type Pop3Command } from "./protocol/parse-command.ts";
import { quit } from "./quit.ts";
import { dele, list, noop, retr, rset, stat, top, uidl } from "./transaction.ts";
import { err, ok, type Reply, type Session, type SessionState } from "./session.ts";

/** Which commands run in which state (RFC 1939 §4-§6; CAPA in both, RFC 2449 §5). */
const STATES: Record<Pop3Command["name"], readonly SessionState[]> = {
  USER: ["authorization"],
  PASS: ["authorization"],
  AUTH: ["authorization"],
  STLS: ["authorization"],
  CAPA: ["authorization", "transaction"],
  QUIT: ["authorization", "transaction"],
  STAT: ["transaction"],
  LIST: ["transaction"],
  UIDL: ["transaction"],
  RETR: ["transaction"],
  TOP: ["transaction"],
  DELE: ["transaction"],
  RSET: ["transaction"],
  NOOP: ["transaction"],
};

/** What a line did: a reply, and whether it was a protocol error (they are counted; too many close the session). */
export type LineOutcome = { reply: Reply; isProtocolError: boolean };

/** Runs one line the client sent: a command, or the response AUTH PLAIN waits for. */
export async function runLine(session: Session, line: Buffer): Promise<LineOutcome> {
  // Commands are ASCII; a password may be UTF-8 (RFC 1939 leaves it open, RFC 5034's PLAIN is UTF-8).
  const text = line.toString("utf8");
  try {
    if (session.isAwaitingSaslResponse) return { reply: await saslResponse(session, text.trim()), isProtocolError: false };
    const parsed = parseCommand(text);
    if ("error" in parsed) return { reply: err(parsed.error), isProtocolError: true };
    const { command } = parsed;
    if (!STATES[command.name].includes(session.state)) return { reply: err(`${command.name} is not valid ${session.state === "authorization" ? "before login" : "after login"}`), isProtocolError: true };
    return { reply: await runCommand(session, command), isProtocolError: false };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return { reply: err(error.message, "SYS/PERM"), isProtocolError: false };
    console.error("pop3: command failed:", error);
    return { reply: err("Internal server error; try again later", "SYS/TEMP"), isProtocolError: false };
  }
}

function runCommand(session: Session, command: Pop3Command): Promise<Reply> | Reply {
  switch (command.name) {
    case "USER":
      return user(session, command.user);
    case "PASS":
      return pass(session, command.password);
    case "AUTH":
      return auth(session, command.mechanism, command.initialResponse);
    case "STLS":
      return stls(session);
    case "CAPA":
      return ok("Capability list follows", capabilityLines(session));
    case "QUIT":
      return quit(session);
    case "STAT":
      return stat(session);
    case "LIST":
      return list(session, command.number);
    case "UIDL":
      return uidl(session, command.number);
    case "RETR":
      return retr(session, command.number);
    case "TOP":
      return top(session, command.number, command.lines);
    case "DELE":
      return dele(session, command.number);
    case "RSET":
      return rset(session);
    case "NOOP":
      return noop();
  }
}

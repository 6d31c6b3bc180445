import { AppError } from "../../lib/errors.ts";
import { parseCommand } from "./protocol/parse-command.ts";
import type { Command } from "./protocol/command.ts";
import { announceChanges } from "./selected-folder.ts";
import { bad, isRev2, isUtf8Enabled, no, type Completion, type Session } from "./session.ts";
import { COMMAND_HANDLERS } from "./command-handlers.ts";

/** Consecutive malformed commands before the connection is closed (Dovecot closes after 20). */
const MAX_BAD_COMMANDS = 20;
const badCounts = new WeakMap<Session, number>();

/**
 * Runs one complete command: parse, check the state allows it, run its handler, tell the client
 * what changed meanwhile in the selected folder, and send the tagged completion. Returns "close"
 * when the connection must end (LOGOUT, too many bad commands, the selected folder deleted).
 */
export async function runCommand(session: Session, bytes: Buffer): Promise<"close" | void> {
  const parsed = parseCommand(bytes, { utf8: isUtf8Enabled(session), rev2: isRev2(session) });
  if (!parsed.ok) {
    return replyBad(session, parsed.tag, parsed.message);
  }
  const { tag, command } = parsed;
  const handler = COMMAND_HANDLERS[command.name] as { states: readonly string[]; run(session: Session, command: Command, tag: string): Promise<Completion> };
  if (!handler.states.includes(session.state)) {
    const where = session.state === "not-authenticated" ? "before login" : session.state === "authenticated" ? "without a selected folder" : "now";
    return replyBad(session, tag, `${command.name} is not allowed ${where}`);
  }
  badCounts.delete(session);

  let completion: Completion;
  try {
    completion = await handler.run(session, command, tag);
  } catch (error) {
    completion = completionForError(error, command);
  }
  if (session.state === "selected" && completion.status !== "BAD") {
    const isStillThere = await announceChanges(session, mayAnnounceExpunges(command));
    if (!isStillThere) {
      session.untagged("BYE The selected folder was deleted by another session");
      return "close";
    }
  }
  session.tagged(tag, completion);
  if (completion.after) return completion.after();
}

function replyBad(session: Session, tag: string | null, message: string): "close" | void {
  const count = (badCounts.get(session) ?? 0) + 1;
  badCounts.set(session, count);
  if (tag) session.tagged(tag, bad(message));
  else session.untagged(`BAD ${message}`);
  if (count >= MAX_BAD_COMMANDS) {
    session.untagged("BYE Too many invalid commands");
    return "close";
  }
}

/** RFC 9051 §7.5.1: no EXPUNGE while answering FETCH, STORE or SEARCH by sequence number (their numbers must hold). */
function mayAnnounceExpunges(command: Command): boolean {
  switch (command.name) {
    case "FETCH":
    case "STORE":
    case "SEARCH":
    case "SORT":
    case "THREAD":
      return command.isUid;
    default:
      return true;
  }
}

/** The domain's errors as IMAP response codes (RFC 5530); anything else is our bug, logged, never shown. */
export function completionForError(error: unknown, command: Command): Completion {
  if (error instanceof AppError) {
    switch (error.code) {
      case "NOT_FOUND":
        return no(error.message, command.name === "APPEND" || command.name === "COPY" || command.name === "MOVE" ? "TRYCREATE" : "NONEXISTENT");
      case "CONFLICT":
        return no(error.message, "ALREADYEXISTS");
      case "QUOTA_EXCEEDED":
        return no(error.message, "OVERQUOTA");
      case "TOO_LARGE":
        return no(error.message, "TOOBIG");
      case "INVALID_INPUT":
        return no(error.message, "CANNOT");
      case "INVALID_CREDENTIALS":
        return no(error.message, "AUTHENTICATIONFAILED");
      case "LOCKED_OUT":
        return no("Too many failed logins; try again later.", "UNAVAILABLE");
      case "FORBIDDEN":
        return no(error.message, "NOPERM");
      default:
        return no(error.message);
    }
  }
  console.error(`imap: ${command.name} failed:`, error);
  return no("Internal error; the error has been logged.", "SERVERBUG");
}

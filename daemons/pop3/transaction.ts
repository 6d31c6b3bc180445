// The TRANSACTION state's commands (RFC 1939 §5, §7): STAT, LIST [msg], UIDL [msg], RETR msg,
// TOP msg n, DELE msg, RSET, NOOP. Deletions are only marks until QUIT (quit.ts).
import { fillWireSizes, isReply, liveMessages, messageNumbered, readWireForm, uniqueIdOf, type OpenMaildrop } from "./open-maildrop.ts";
import { readMaildropMessage } from "../../lib/store/pop3-maildrop.ts";
import { topOf } from "./protocol/wire-form.ts";
import { ok, type Reply, type Session } from "./session.ts";

function maildropOf(session: Session): OpenMaildrop {
  if (!session.maildrop) throw new Error("pop3: TRANSACTION without a maildrop");
  return session.maildrop;
}

export async function stat(session: Session): Promise<Reply> {
  const maildrop = maildropOf(session);
  await fillWireSizes(session.deps, maildrop);
  const live = liveMessages(maildrop);
  return ok(`${live.length} ${live.reduce((sum, message) => sum + message.wireSize!, 0)}`);
}

export async function list(session: Session, number: number | null): Promise<Reply> {
  const maildrop = maildropOf(session);
  if (number !== null) {
    const message = messageNumbered(maildrop, number);
    if (isReply(message)) return message;
    if (message.wireSize === null) await readWireForm(session.deps, message);
    return ok(`${number} ${message.wireSize}`);
  }
  await fillWireSizes(session.deps, maildrop);
  const live = liveMessages(maildrop);
  return ok(`${live.length} messages`, live.map((message) => `${message.number} ${message.wireSize}`));
}

export function uidl(session: Session, number: number | null): Reply {
  const maildrop = maildropOf(session);
  if (number !== null) {
    const message = messageNumbered(maildrop, number);
    return isReply(message) ? message : ok(`${number} ${uniqueIdOf(maildrop, message)}`);
  }
  return ok("Unique ids follow", liveMessages(maildrop).map((message) => `${message.number} ${uniqueIdOf(maildrop, message)}`));
}

export async function retr(session: Session, number: number): Promise<Reply> {
  const message = messageNumbered(maildropOf(session), number);
  if (isReply(message)) return message;
  const wire = await readWireForm(session.deps, message);
  message.isRetrieved = true;
  return ok(`${wire.length} octets`, wire);
}

export async function top(session: Session, number: number, lines: number): Promise<Reply> {
  const message = messageNumbered(maildropOf(session), number);
  if (isReply(message)) return message;
  return ok("Top of message follows", topOf(await readMaildropMessage(session.deps.store, message), lines));
}

export function dele(session: Session, number: number): Reply {
  const message = messageNumbered(maildropOf(session), number);
  if (isReply(message)) return message;
  message.isMarkedDeleted = true;
  return ok(`Message ${number} deleted`);
}

export function rset(session: Session): Reply {
  const maildrop = maildropOf(session);
  for (const message of maildrop.messages) message.isMarkedDeleted = false;
  return ok(`${maildrop.messages.length} messages`);
}

export function noop(): Reply {
  return ok("");
}

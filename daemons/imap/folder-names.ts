import { AppError } from "../../lib/errors.ts";
import { decodeMailboxName, encodeMailboxName } from "./protocol/mailbox-name.ts";
import { astring, type ResponsePiece } from "./protocol/response-values.ts";
import { isUtf8Enabled, type Session } from "./session.ts";

/**
 * A mailbox name from the wire as the store names it: modified UTF-7 decoded (RFC 9051 §5.1.3),
 * or UTF-8 as sent once UTF8=ACCEPT (RFC 6855) or IMAP4rev2 (RFC 9051 §5.1) is enabled. The store then checks the name itself
 * (lib/store/folder-name.ts: no "..", no control characters, INBOX in any case).
 */
export function toFolderName(session: Session, wire: string): string {
  const name = decodeWireName(session, wire);
  if (name === null) throw new AppError("INVALID_INPUT", "The mailbox name is not valid modified UTF-7.");
  return name;
}

/** The same decoding for a name or LIST pattern; null when it is not valid modified UTF-7. */
export function decodeWireName(session: Session, wire: string): string | null {
  return isUtf8Enabled(session) ? wire : decodeMailboxName(wire);
}

/** A store folder name as this session's client expects it on the wire. */
export function toWireName(session: Session, name: string): string {
  return isUtf8Enabled(session) ? name : encodeMailboxName(name);
}

/** A store folder name as the mailbox argument of a response (LIST, STATUS): the wire name as an astring. */
export function formatFolderName(session: Session, name: string): ResponsePiece[] {
  return astring(toWireName(session, name), { utf8: isUtf8Enabled(session) });
}

// tag APPEND mailbox [(flags)] ["date-time"] {n}message *(SP [(flags)] ["date-time"] {n}message)
//   append = "APPEND" SP mailbox 1*append-message                     (MULTIAPPEND, RFC 3502 §6)
//   append-message = append-opts SP append-data;  append-opts = [SP flag-list] [SP date-time]
//   append-data = literal / literal8 / "UTF8" SP "(" literal8 ")"    (RFC 3516 §4.4, RFC 6855 §4)

import type { AppendMessage, Command } from "./command.ts";
import { readDateTime } from "./parse-dates.ts";
import type { TokenCursor } from "./parse-tokens.ts";

export function parseAppend(cursor: TokenCursor): Command | null {
  const mailbox = cursor.expectSpace("mailbox name") ? cursor.readMailbox() : null;
  if (mailbox === null) return null;
  const messages: AppendMessage[] = [];
  do {
    if (!cursor.expectSpace("message literal")) return null;
    const message = readAppendMessage(cursor);
    if (message === null) return null;
    messages.push(message);
  } while (!cursor.isAtEnd());
  return { name: "APPEND", mailbox, messages };
}

function readAppendMessage(cursor: TokenCursor): AppendMessage | null {
  let flags: string[] = [];
  if (cursor.isAt("(")) {
    const list = cursor.readFlagList();
    if (list === null || !cursor.expectSpace("message literal")) return null;
    flags = list;
  }
  let internalDate: Date | null = null;
  if (cursor.isAt('"')) {
    internalDate = readDateTime(cursor, "message date-time");
    if (internalDate === null || !cursor.expectSpace("message literal")) return null;
  }
  const isUtf8Form = cursor.options.isUtf8Enabled && cursor.skipKeyword("UTF8");
  if (isUtf8Form && !(cursor.expectSpace("message literal") && cursor.expect("(", "Invalid UTF8 message data"))) return null;
  if (!cursor.isAtLiteral()) return cursor.failAt("message literal");

  const literal = cursor.readLiteral("message literal");
  if (literal === null) return null;
  if (isUtf8Form && !literal.isBinary) return cursor.fail("UTF8 message data must be a literal8");
  if (isUtf8Form && !cursor.expect(")", "Invalid UTF8 message data")) return null;
  // RFC 3516 §4.4 / RFC 9051 §9 CHAR8: NUL is only allowed in literal8.
  if (!literal.isBinary && literal.data.includes(0)) return cursor.fail("NUL in message: send it as literal8");
  return { flags, internalDate, message: literal.data, isBinary: literal.isBinary };
}

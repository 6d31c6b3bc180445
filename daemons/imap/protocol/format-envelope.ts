// Writes the FETCH ENVELOPE structure (RFC 9051 §7.5.2, RFC 3501 §7.4.2) from the envelope the store
// indexed at ingest. Field values are raw header text; clients decode RFC 2047 words themselves.
import type { Address, Envelope } from "../../../lib/mime/message-index.ts";
import { imapString, literal, nstring, type ResponsePiece, type StringOptions } from "./response-values.ts";

/**
 * "(" date subject from sender reply-to to cc bcc in-reply-to message-id ")". Sender and Reply-To
 * already fall back to From in the index (RFC 3501 §7.4.2 asks the server to do that).
 */
export function formatEnvelope(envelope: Envelope, options: StringOptions = {}): ResponsePiece[] {
  return [
    "(",
    ...nstring(envelope.date, options),
    " ",
    ...(envelope.subject === null ? ["NIL"] : humanText(envelope.subject, options)),
    " ",
    ...addressList(envelope.from, options),
    " ",
    ...addressList(envelope.sender, options),
    " ",
    ...addressList(envelope.replyTo, options),
    " ",
    ...addressList(envelope.to, options),
    " ",
    ...addressList(envelope.cc, options),
    " ",
    ...addressList(envelope.bcc, options),
    " ",
    ...nstring(envelope.inReplyTo, options),
    " ",
    ...nstring(envelope.messageId, options),
    ")",
  ];
}

/** "(" addresses ")" with nothing between them (RFC 9051 env-from etc.), or NIL. */
function addressList(addresses: Address[] | null, options: StringOptions): ResponsePiece[] {
  if (addresses === null || addresses.length === 0) return ["NIL"];
  const pieces: ResponsePiece[] = ["("];
  for (const address of addresses) {
    pieces.push(
      "(",
      ...(address.name === null ? ["NIL"] : humanText(address.name, options)),
      " ",
      ...nstring(address.adl, options),
      " ",
      ...nstring(address.mailbox, options),
      " ",
      ...nstring(address.host, options),
      ")",
    );
  }
  pieces.push(")");
  return pieces;
}

/**
 * Subject and display names as Dovecot writes them for people: tabs become spaces, runs of white space
 * shrink to one, the ends are trimmed, and NUL (which no string form can carry) becomes U+FFFD. When
 * any of that changed the value, or it holds `"`, `\` or 8-bit characters, Dovecot sends a literal;
 * we follow, except that under UTF8=ACCEPT the usual quoted-or-literal choice applies.
 */
function humanText(value: string, options: StringOptions): ResponsePiece[] {
  const cleaned = value.replace(/[ \t]+/g, " ").trim().replaceAll("\0", "\ufffd");
  if (options.utf8) return imapString(cleaned, options);
  if (cleaned === "") return ['""'];
  const needsLiteral = cleaned !== value || /["\\]|[^\x00-\x7f]/.test(cleaned);
  return needsLiteral ? literal(cleaned) : imapString(cleaned, options);
}

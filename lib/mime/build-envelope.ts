// Builds the IMAP ENVELOPE (RFC 3501 §7.4.2) of a message, or of a message embedded in one.
import type { Address, Envelope } from "./message-index.ts";
import { parseAddressList, type AddressListEntry } from "./parse-address-list.ts";
import { readAllFieldValues, readFirstFieldValue } from "./read-field-value.ts";
import type { HeaderField } from "./read-header-block.ts";

/**
 * The envelope from a message's header fields. Values stay raw (clients decode RFC 2047 themselves) but
 * unfolded. An address field given more than once, which RFC 5322 §3.6 forbids but mailers do, lists the
 * addresses of all its fields, as Dovecot does: dropping the later ones would hide recipients.
 */
export function buildEnvelope(raw: Buffer, fields: readonly HeaderField[]): Envelope {
  const read = (name: string) => readFirstFieldValue(raw, fields, name);
  const readAddresses = (name: string) => readImapAddresses(readAllFieldValues(raw, fields, name));
  const from = readAddresses("from");
  return {
    date: read("date"),
    subject: read("subject"),
    from,
    // RFC 3501 §7.4.2: an absent or empty Sender or Reply-To takes the value of From
    sender: readAddresses("sender") ?? from,
    replyTo: readAddresses("reply-to") ?? from,
    to: readAddresses("to"),
    cc: readAddresses("cc"),
    bcc: readAddresses("bcc"),
    inReplyTo: read("in-reply-to"),
    messageId: read("message-id"),
  };
}

/** IMAP addresses of the values of one header's fields; null when there is no such field or it holds no address. */
function readImapAddresses(values: readonly string[]): Address[] | null {
  const addresses = values.flatMap((value) => parseAddressList(value).map(convertToImapAddress));
  return addresses.length > 0 ? addresses : null;
}

/** RFC 3501 §7.4.2: a group starts with an entry whose host is NIL and mailbox the group name, and ends with mailbox and host NIL. */
function convertToImapAddress(entry: AddressListEntry): Address {
  switch (entry.kind) {
    case "mailbox":
      return { name: entry.name, adl: null, mailbox: entry.mailbox, host: entry.host };
    case "group-start":
      return { name: null, adl: null, mailbox: entry.name, host: null };
    case "group-end":
      return { name: null, adl: null, mailbox: null, host: null };
  }
}

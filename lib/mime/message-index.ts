// The shape of the MIME index the store saves as JSON for every message at ingest. Everything here
// must survive JSON.stringify/parse unchanged: plain strings, numbers, arrays and objects only, and
// optional fields are left out rather than set to undefined.

/**
 * One node of the MIME tree. All offsets are absolute byte offsets into the raw message, also for
 * parts of an embedded message/rfc822, so a FETCH can slice the stored bytes without re-parsing.
 *
 * `headerEnd` includes the blank line that ends the header block and always equals `bodyStart`.
 * `bodyEnd` excludes the line break in front of the next boundary delimiter (RFC 2046 §5.1.1).
 */
export type MimePart = {
  /**
   * IMAP part number (RFC 3501 §6.4.5): "" for the top-level message, "1", "1.2" for parts. The root
   * of an embedded message carries the section of the message/rfc822 part that holds it.
   */
  section: string;
  headerStart: number;
  headerEnd: number;
  bodyStart: number;
  bodyEnd: number;
  /** Lower-case media type, e.g. "text". */
  type: string;
  /** Lower-case media subtype, e.g. "plain". */
  subtype: string;
  /** Content-Type parameters: lower-case keys, RFC 2231 decoded, values as sent otherwise. */
  params: Record<string, string>;
  /**
   * Content-Transfer-Encoding in lower case, "7bit" when absent. The Content-* fields of a message root
   * (top-level or embedded) with neither MIME-Version nor Content-Type are ignored: it is not MIME (RFC 2045 §4).
   */
  encoding: string;
  /** Content-ID as sent, e.g. "<part1@x>". Id, description, location and md5 are "" for a field that is present but empty. */
  id?: string;
  /** Content-Description, raw (RFC 2047 words are left for the client to decode). */
  description?: string;
  disposition?: { type: string; params: Record<string, string> };
  language?: string[];
  location?: string;
  md5?: string;
  /** For text/* and message/rfc822 bodies: the number of line feeds in the body, as Dovecot counts BODYSTRUCTURE lines. */
  lines?: number;
  /** Present exactly when the part was split as a multipart (a multipart without a usable boundary is a leaf). */
  children?: MimePart[];
  /** Present exactly when the body was parsed as an embedded message (message/rfc822 or message/global, not base64 or QP encoded). */
  message?: { envelope: Envelope; root: MimePart };
};

/** An IMAP ENVELOPE address (RFC 3501 §7.4.2). Group syntax uses the start and end markers IMAP defines. */
export type Address = {
  /** Display name, raw: quotes removed, RFC 2047 words kept for the client. */
  name: string | null;
  /** The source route; obsolete, always null. */
  adl: null;
  /** Local part, or the group name in a start-of-group entry, null in an end-of-group entry. */
  mailbox: string | null;
  /** Domain; null only in group markers. An address without a domain has host "". */
  host: string | null;
};

/**
 * The IMAP ENVELOPE as JSON. Strings are raw header values, unfolded; null where the header is absent.
 * An address header given more than once lists the addresses of all its fields; other headers count once.
 */
export type Envelope = {
  date: string | null;
  subject: string | null;
  from: Address[] | null;
  sender: Address[] | null;
  replyTo: Address[] | null;
  to: Address[] | null;
  cc: Address[] | null;
  bcc: Address[] | null;
  inReplyTo: string | null;
  messageId: string | null;
};

/** A decoded address for display and search. `address` is "" for a mailbox that had none. */
export type Contact = { name: string; address: string };

/** What `parseMessage` extracts from a raw message once, at ingest. */
export type ParsedMessage = {
  root: MimePart;
  envelope: Envelope;
  /** RFC 2047 decoded and unfolded; "" when there is no Subject. */
  subject: string;
  /** The mailboxes of From, To and Cc; of every field when one is repeated, as in the envelope. */
  from: Contact[];
  to: Contact[];
  cc: Contact[];
  /** ISO 8601 when the Date header parses, else null. */
  sentDate: string | null;
  /** The first msg-id of Message-ID, with angle brackets. */
  messageId: string | null;
  /** The first msg-id of In-Reply-To, with angle brackets. */
  inReplyTo: string | null;
  /** The msg-ids of References in order, as written (repeats kept). */
  references: string[];
  /** About 200 characters of the best text part, whitespace collapsed. */
  preview: string;
  /** All text/plain and text/html parts as plain text, joined, at most 1 MiB of UTF-8: for full-text search. */
  text: string;
  hasAttachments: boolean;
};

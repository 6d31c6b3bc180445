// Rules on the message's own header fields: the ones every real mail program writes, From and Subject.
import type { Contact } from "../../../mime/message-index.ts";
import type { Rule } from "../rule.ts";

export const HEADER_RULES: Rule[] = [
  {
    name: "MISSING_DATE",
    score: 1.4,
    description: "Missing Date: header",
    test: ({ message }) => message.envelope.date === null,
  },
  {
    name: "MISSING_MID",
    score: 0.5,
    description: "Missing Message-Id: header, or no message id in it",
    test: ({ message }) => message.messageId === null,
  },
  {
    name: "MISSING_FROM",
    score: 1.5,
    description: "Missing From: header, or no address in it",
    test: ({ message }) => !message.from.some((contact) => contact.address.includes("@")),
  },
  {
    name: "PDS_FROM_2_EMAILS",
    score: 2.0,
    description: "From: display name shows an address other than the real one",
    test: ({ message }) => message.from.some(showsOtherAddress),
  },
  {
    name: "SUBJ_ALL_CAPS",
    score: 1.5,
    description: "Subject is all capitals",
    test: ({ message }) => isAllCapitals(readSubject(message.subject)),
  },
  {
    name: "SUBJ_EXCLAIM_3",
    score: 1.0,
    description: "Subject has three or more exclamation marks",
    test: ({ message }) => countExclamationMarks(readSubject(message.subject)) >= 3,
  },
];

/** What a mail reader shows of a subject, and all the subject rules read: a line is at most 998 characters (RFC 5322 §2.1.1). */
const MAX_SUBJECT_LENGTH = 998;

function readSubject(subject: string): string {
  return subject.slice(0, MAX_SUBJECT_LENGTH);
}

/** Display names are short; reading only their start keeps the search linear in any input. */
const MAX_NAME_LENGTH = 512;
const ADDRESS_IN_TEXT = /[^\s<>"'@(),;:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/** "support@paypal.com" <x@evil.example>: the reader sees the name, the reply goes to the address. */
function showsOtherAddress(contact: Contact): boolean {
  if (!contact.name.includes("@")) return false;
  const real = contact.address.toLowerCase();
  const shown = contact.name.slice(0, MAX_NAME_LENGTH).match(ADDRESS_IN_TEXT) ?? [];
  return shown.some((address) => address.toLowerCase() !== real);
}

/**
 * Like SpamAssassin's subject_is_all_caps: reply prefixes removed, at least two words and ten
 * characters, and every cased letter upper case. Scripts without case (Chinese, Japanese) never hit.
 */
function isAllCapitals(subject: string): boolean {
  const text = subject.trim().replace(/^(?:(?:re|fwd?|aw|sv|antw(?:ort)?)\s*:\s*)+/i, "");
  if (text.length < 10 || !/\s/.test(text)) return false;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  return upper >= 5 && !/\p{Ll}/u.test(text);
}

function countExclamationMarks(subject: string): number {
  // "!" and its full-width form, which East Asian spam uses
  return subject.match(/[!\uff01]/g)?.length ?? 0;
}

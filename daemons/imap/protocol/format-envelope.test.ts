import { describe, expect, it } from "vitest";
import type { Envelope } from "../../../lib/mime/message-index.ts";
import { parseMessage } from "../../../lib/mime/parse-message.ts";
import { formatEnvelope } from "./format-envelope.ts";
import { joinResponsePieces } from "./response-values.ts";

const EMPTY: Envelope = { date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null, inReplyTo: null, messageId: null };
const wire = (envelope: Envelope, utf8 = false) => joinResponsePieces(formatEnvelope(envelope, { utf8 })).toString("utf8");
const envelopeOf = (...headerLines: string[]) => parseMessage(Buffer.from(`${headerLines.join("\r\n")}\r\n\r\nbody\r\n`)).envelope;

describe("formatEnvelope", () => {
  it("writes NIL for every absent field", () => {
    expect(wire(EMPTY)).toBe("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  });

  // Dovecot 2.3's answers for these headers, from dovecot-agreement.test.ts
  it("writes addresses without spaces between them, and groups with IMAP's markers", () => {
    const envelope = envelopeOf(
      "Date: Mon, 1 Jan 2001 00:00:00 +0000",
      'From: "A B" <a@b.c>, group: x@y, z@w;',
      "To: undisclosed-recipients:;",
      "Message-ID: <id@example>",
    );
    expect(wire(envelope)).toBe(
      '("Mon, 1 Jan 2001 00:00:00 +0000" NIL (("A B" NIL "a" "b.c")(NIL NIL "group" NIL)(NIL NIL "x" "y")(NIL NIL "z" "w")(NIL NIL NIL NIL)) ' +
        '(("A B" NIL "a" "b.c")(NIL NIL "group" NIL)(NIL NIL "x" "y")(NIL NIL "z" "w")(NIL NIL NIL NIL)) ' +
        '(("A B" NIL "a" "b.c")(NIL NIL "group" NIL)(NIL NIL "x" "y")(NIL NIL "z" "w")(NIL NIL NIL NIL)) ' +
        '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL "<id@example>")',
    );
  });

  it("cleans subjects and display names for people, and sends them as literals when it did, as Dovecot does", () => {
    const envelope = envelopeOf('From: "A \\"B\\" C" <a@b.example>', "Subject: \tTabs\tand   spaces  ");
    expect(wire(envelope)).toBe('(NIL {15}\r\nTabs and spaces (({7}\r\nA "B" C NIL "a" "b.example")) (({7}\r\nA "B" C NIL "a" "b.example")) (({7}\r\nA "B" C NIL "a" "b.example")) NIL NIL NIL NIL NIL)');
    expect(wire({ ...EMPTY, subject: "   " })).toBe('(NIL "" NIL NIL NIL NIL NIL NIL NIL NIL)');
    expect(wire({ ...EMPTY, subject: "" })).toBe('(NIL "" NIL NIL NIL NIL NIL NIL NIL NIL)');
    expect(wire({ ...EMPTY, subject: "nul\0here" })).toBe("(NIL {10}\r\nnul\ufffdhere NIL NIL NIL NIL NIL NIL NIL NIL)");
  });

  it("sends 8-bit text as UTF-8 literals, or quoted under UTF8=ACCEPT", () => {
    const envelope = { ...EMPTY, subject: "Grüße", from: [{ name: "Zoë", adl: null, mailbox: "z", host: "k.example" }] };
    expect(wire(envelope)).toBe('(NIL {7}\r\nGrüße (({4}\r\nZoë NIL "z" "k.example")) NIL NIL NIL NIL NIL NIL NIL)');
    expect(wire(envelope, true)).toBe('(NIL "Grüße" (("Zoë" NIL "z" "k.example")) NIL NIL NIL NIL NIL NIL NIL)');
  });

  it("quotes raw values with up to four escapes and sends more as a literal", () => {
    expect(wire({ ...EMPTY, messageId: '<"x\\\\y"@z>', inReplyTo: '<"a"@b> <"c"@d> <"e"@f>' })).toBe(
      '(NIL NIL NIL NIL NIL NIL NIL NIL {23}\r\n<"a"@b> <"c"@d> <"e"@f> "<\\"x\\\\\\\\y\\"@z>")',
    );
  });

  it("writes an empty address list as NIL", () => {
    expect(wire({ ...EMPTY, to: [] })).toBe("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse-message.ts";
import { prependHeaderFields } from "./prepend-header-fields.ts";
import { corpusFiles } from "../../scripts/test-support/corpus.ts";

const PREFIX = Buffer.from(
  "Received: from client.example ([192.0.2.1])\r\n\tby mx.example.test (Mailwright) with ESMTP id 0123ABCD;\r\n\tSun, 29 Nov 2026 16:00:00 +0000\r\n" +
    "Authentication-Results: mx.example.test;\r\n spf=pass smtp.mailfrom=a@example.org\r\nX-Spam-Score: 1.5\r\n",
);

describe("prependHeaderFields", () => {
  it("gives what parsing the prefixed bytes gives, for every message of the corpus", () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(6000);
    for (const file of files) {
      const raw = readFileSync(file);
      expect(prependHeaderFields(parseMessage(raw), PREFIX.length), file).toEqual(parseMessage(Buffer.concat([PREFIX, raw])));
    }
  });

  it("does so for a message without header, one without body, and a multipart with an embedded message", () => {
    const samples = [
      "\r\njust a body\r\n",
      "Subject: no body\r\n",
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n",
    ];
    for (const sample of samples) {
      const raw = Buffer.from(sample);
      expect(prependHeaderFields(parseMessage(raw), PREFIX.length)).toEqual(parseMessage(Buffer.concat([PREFIX, raw])));
    }
  });
});

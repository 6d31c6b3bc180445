import { describe, expect, it } from "vitest";
import { buildEnvelope } from "./build-envelope.ts";
import { readHeaderBlock } from "./read-header-block.ts";

const envelopeOf = (...lines: string[]) => {
  const raw = Buffer.from([...lines, "", "body"].join("\r\n"));
  return buildEnvelope(raw, readHeaderBlock(raw, 0).fields);
};

const mailbox = (name: string | null, address: string) => {
  const [local, host] = address.split("@");
  return { name, adl: null, mailbox: local, host };
};

describe("buildEnvelope", () => {
  it("lists the addresses of every field of a repeated address header, as Dovecot does", () => {
    const envelope = envelopeOf(
      "From: a@x.example",
      "To: b@x.example",
      "Cc: C <c@x.example>",
      "To: d@x.example, e@x.example",
      "Cc:",
      "Cc: team: f@x.example;",
      "From: g@x.example",
      "Bcc: h@x.example",
      "Bcc: i@x.example",
    );
    expect(envelope.from).toEqual([mailbox(null, "a@x.example"), mailbox(null, "g@x.example")]);
    expect(envelope.sender).toEqual(envelope.from);
    expect(envelope.to).toEqual([mailbox(null, "b@x.example"), mailbox(null, "d@x.example"), mailbox(null, "e@x.example")]);
    expect(envelope.cc).toEqual([
      mailbox("C", "c@x.example"),
      { name: null, adl: null, mailbox: "team", host: null },
      mailbox(null, "f@x.example"),
      { name: null, adl: null, mailbox: null, host: null },
    ]);
    expect(envelope.bcc).toEqual([mailbox(null, "h@x.example"), mailbox(null, "i@x.example")]);
  });

  it("is NIL for an address header whose fields are all empty, and Sender then falls back to From", () => {
    const envelope = envelopeOf("From: a@x.example", "Sender:", "Sender: ", "To:");
    expect(envelope.to).toBeNull();
    expect(envelope.sender).toEqual([mailbox(null, "a@x.example")]);
  });
});

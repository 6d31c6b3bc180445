import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { encodeAttribute, encodeInteger, encodeLength, encodeSearchEntry, encodeString } from "./ber.ts";

const require = createRequire(import.meta.url);
const { BerReader } = require("@ldapjs/asn1") as { BerReader: new (buffer: Buffer) => unknown };
const { SearchResultEntry } = require("@ldapjs/messages") as { SearchResultEntry: { parseToPojo(reader: unknown): { objectName: string; attributes: { pojo: { type: string; values: string[] } }[] } } };

describe("BER encoding of search entries", () => {
  it("encodes lengths and integers as X.690 requires", () => {
    expect([...encodeLength(5)]).toEqual([5]);
    expect([...encodeLength(200)]).toEqual([0x81, 200]);
    expect([...encodeLength(70000)]).toEqual([0x83, 0x01, 0x11, 0x70]);
    expect([...encodeInteger(128)]).toEqual([0x02, 0x02, 0x00, 0x80]);
  });

  it("produces entries that ldapjs's own parser reads back", () => {
    const long = "x".repeat(300);
    const bytes = encodeSearchEntry(7, encodeString("uid=1,ou=ab,dc=test"), [encodeAttribute("cn", ["Annika", long]), encodeAttribute("mail", ["ä@example.test"])]);
    // Skip the LDAPMessage header and the messageID: the SearchResultEntry starts there.
    const reader = new BerReader(bytes.subarray(bytes.indexOf(0x64)));
    const entry = SearchResultEntry.parseToPojo(reader);
    expect(entry.objectName).toBe("uid=1,ou=ab,dc=test");
    expect(entry.attributes.map((attribute) => attribute.pojo)).toEqual([{ type: "cn", values: ["Annika", long] }, { type: "mail", values: ["ä@example.test"] }]);
  });
});

import { describe, expect, it } from "vitest";
import { parseContentHeaders } from "./parse-content-headers.ts";
import { readHeaderBlock } from "./read-header-block.ts";

const contentOf = (...lines: string[]) => {
  const raw = Buffer.from([...lines, "", ""].join("\r\n"));
  return parseContentHeaders(raw, readHeaderBlock(raw, 0).fields, "text/plain");
};

describe("parseContentHeaders", () => {
  it("drops a parameter without '=' (RFC 2045 §5.1), and keeps an empty value given with '='", () => {
    expect(contentOf("Content-Type: text/plain; Windows-1252").params).toEqual({});
    expect(contentOf("Content-Type: text/plain; foo; charset=x; name=").params).toEqual({ charset: "x", name: "" });
    expect(contentOf("Content-Disposition: attachment; inline; filename=a.txt").disposition).toEqual({ type: "attachment", params: { filename: "a.txt" } });
    expect(contentOf("Content-Type: text/plain; title*=utf-8''").params).toEqual({ title: "" });
  });

  it("keeps a Content-Description, Content-ID, Content-Location or Content-MD5 that is present but empty as \"\"", () => {
    expect(contentOf("Content-Description:", "Content-ID:", "Content-Location: ", "Content-MD5:")).toMatchObject({ description: "", id: "", location: "", md5: "" });
    expect(contentOf("Content-Type: text/plain")).not.toHaveProperty("description");
  });

  it("reads malformed parameters and encodings leniently where Dovecot differs", () => {
    // a repeated parameter keeps its first value (Dovecot lists both; RFC 6838 §4.3 calls it an error)
    expect(contentOf("Content-Type: text/plain; a=1; A=2").params).toEqual({ a: "1" });
    // an unquoted value with a space keeps all of it, as mail readers show the name (Dovecot stops at the space)
    expect(contentOf("Content-Type: application/msword; name=Yinxiang Motorcycles.doc").params).toEqual({ name: "Yinxiang Motorcycles.doc" });
    // the mechanism is the first token; a comment after it is allowed (RFC 2045 §6.1), junk is ignored (Dovecot: 7bit)
    expect(contentOf("Content-Transfer-Encoding: Quoted-Printable (by hand)").encoding).toBe("quoted-printable");
    expect(contentOf("Content-Transfer-Encoding: quoted-printable junk").encoding).toBe("quoted-printable");
  });
});

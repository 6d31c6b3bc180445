import { describe, expect, it } from "vitest";
import { buildPartTree } from "./build-part-tree.ts";
import type { MimePart } from "./message-index.ts";

const joinCrlf = (...lines: string[]) => Buffer.from(lines.join("\r\n"));
const readBody = (raw: Buffer, part: MimePart) => raw.toString("latin1", part.bodyStart, part.bodyEnd);

describe("buildPartTree", () => {
  it("ignores the Content-* fields of a message that is not MIME (RFC 2045 §4)", () => {
    const raw = joinCrlf("Subject: old", "Content-Transfer-Encoding: 8BIT", "Content-Description: d", "Content-Disposition: attachment", "", "body");
    expect(buildPartTree(raw).root).toMatchObject({ type: "text", subtype: "plain", params: { charset: "us-ascii" }, encoding: "7bit" });
    expect(buildPartTree(raw).root).not.toHaveProperty("description");
    expect(buildPartTree(raw).root).not.toHaveProperty("disposition");
  });

  it("takes a message as MIME with MIME-Version anywhere in its header, or with a Content-Type alone, as Dovecot does", () => {
    const versionAfter = joinCrlf("Content-Transfer-Encoding: base64", "MIME-Version: 1.0", "", "eA==");
    expect(buildPartTree(versionAfter).root.encoding).toBe("base64");
    const typeOnly = joinCrlf("Content-Transfer-Encoding: base64", "Content-Type: text/html", "", "eA==");
    expect(buildPartTree(typeOnly).root).toMatchObject({ subtype: "html", encoding: "base64" });
  });

  it("applies the rule to embedded messages, but not to the parts of a multipart", () => {
    const raw = joinCrlf(
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=b",
      "",
      "--b",
      "Content-Transfer-Encoding: base64",
      "",
      "eA==",
      "--b",
      "Content-Type: message/rfc822",
      "",
      "Subject: inner, not MIME",
      "Content-Transfer-Encoding: base64",
      "Content-ID: <i@x.example>",
      "",
      "eA==",
      "--b--",
    );
    const { root } = buildPartTree(raw);
    expect(root.children?.[0]?.encoding).toBe("base64");
    const embedded = root.children?.[1]?.message?.root;
    expect(embedded).toMatchObject({ section: "2", encoding: "7bit" });
    expect(embedded).not.toHaveProperty("id");
  });

  it("ends a multipart at a close delimiter with text after it, as Dovecot does", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/alternative; boundary=b",
      "",
      "--b",
      "",
      "one",
      "--b",
      "Content-Type: text/html",
      "",
      "<p>two</p>",
      "--b--</BODY></HTML>",
      "--b",
      "",
      "epilogue, not a part",
    );
    const { root } = buildPartTree(raw);
    expect(root.children?.map((part) => readBody(raw, part))).toEqual(["one", "<p>two</p>"]);
    expect(root.bodyEnd).toBe(raw.length);
  });
});

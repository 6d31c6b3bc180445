import { describe, expect, it } from "vitest";
import { removeOwnAuthenticationResults } from "./remove-own-authentication-results.ts";

const message = (header: string) => Buffer.from(`${header}Subject: hi\r\n\r\nbody\r\nAuthentication-Results: mx.example.test; in the body stays\r\n`, "latin1");

describe("removeOwnAuthenticationResults", () => {
  it("removes fields with our authserv-id, folded or not, and keeps everything else byte for byte", () => {
    const raw = message(
      "Received: from a\r\nAuthentication-Results: MX.example.test; dkim=pass\r\nAuthentication-Results:\r\n mx.example.test 1;\r\n spf=pass\r\nAuthentication-Results: other.example; spf=fail\r\nX-Other: 1\r\n",
    );
    expect(removeOwnAuthenticationResults(raw, "mx.example.test").toString("latin1")).toBe(
      "Received: from a\r\nAuthentication-Results: other.example; spf=fail\r\nX-Other: 1\r\nSubject: hi\r\n\r\nbody\r\nAuthentication-Results: mx.example.test; in the body stays\r\n",
    );
  });

  it("leaves a message without such fields untouched, and a look-alike id alone", () => {
    const raw = message("Authentication-Results: mx.example.test.evil; dkim=pass\r\n");
    expect(removeOwnAuthenticationResults(raw, "mx.example.test")).toBe(raw);
    const plain = message("From: a@example.test\r\n");
    expect(removeOwnAuthenticationResults(plain, "mx.example.test")).toBe(plain);
  });
});

import { describe, expect, it } from "vitest";
import { makeCookie, readCookie, searchSignature } from "./paged-results.ts";

describe("paged-results cookies", () => {
  it("resume the search they were made for and no other", () => {
    const signature = searchSignature(["cn=a", "ou=ab", "2", "(cn=*)"]);
    expect(readCookie(Buffer.alloc(0), signature)).toBe(0);
    expect(readCookie(makeCookie(500, signature), signature)).toBe(500);
    expect(readCookie(makeCookie(500, signature), searchSignature(["cn=b", "ou=ab", "2", "(cn=*)"]))).toBeNull();
    expect(readCookie(Buffer.from("500:tampered"), signature)).toBeNull();
    expect(readCookie(Buffer.alloc(1000, 0x31), signature)).toBeNull();
  });
});

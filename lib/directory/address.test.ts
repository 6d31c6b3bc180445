import { describe, expect, it } from "vitest";
import { normalizeDomain, parseAddress, tryParseAddress } from "./address.ts";

describe("addresses", () => {
  it("lower-cases and trims", () => {
    expect(parseAddress("  Alice.Smith@Example.TEST ")).toEqual({ localPart: "alice.smith", domain: "example.test", address: "alice.smith@example.test" });
  });

  it("turns an internationalised domain into its IDNA form", () => {
    expect(tryParseAddress("jörg@bücher.example")?.domain).toBe("xn--bcher-kva.example");
    expect(tryParseAddress("jörg@bücher.example")?.localPart).toBe("jörg");
  });

  it.each(["", "alice", "@example.test", "alice@", "a..b@example.test", ".a@example.test", "alice@localhost", "al ice@example.test", "alice@exa_mple.test", `${"a".repeat(65)}@example.test`, "a@b@example.test"])(
    "rejects %j",
    (input) => {
      expect(tryParseAddress(input)).toBeUndefined();
      expect(() => parseAddress(input)).toThrow(/not a valid email address/);
    },
  );

  it("normalises domains", () => {
    expect(normalizeDomain("Example.Test.")).toBe("example.test");
    expect(normalizeDomain("-bad.test")).toBeUndefined();
  });
});

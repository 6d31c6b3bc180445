import { describe, expect, it } from "vitest";
import { normalizeIp, resolveClientIp } from "./client-ip.ts";

const proxies = new Set(["10.0.0.5", "10.0.0.6"]);

describe("resolveClientIp", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientIp("203.0.113.9", "198.51.100.1", proxies)).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:203.0.113.9", "198.51.100.1", new Set())).toBe("203.0.113.9");
  });

  it("takes the rightmost untrusted hop behind trusted proxies, so a forged first hop does not count", () => {
    expect(resolveClientIp("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.5", "198.51.100.7, 10.0.0.6", proxies)).toBe("198.51.100.7");
  });

  it("falls back to the peer when the header is missing or garbage", () => {
    expect(resolveClientIp("10.0.0.5", undefined, proxies)).toBe("10.0.0.5");
    expect(resolveClientIp("10.0.0.5", "not-an-ip, <script>", proxies)).toBe("10.0.0.5");
    expect(resolveClientIp(undefined, "198.51.100.1", proxies)).toBe("unknown");
  });

  it("normalises addresses", () => {
    expect(normalizeIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("2001:DB8::1")).toBe("2001:db8::1");
    expect(normalizeIp("example.com")).toBeUndefined();
  });
});

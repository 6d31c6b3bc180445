import { describe, expect, it } from "vitest";
import { createConnectionLimiter } from "./connection-limiter.ts";

describe("createConnectionLimiter", () => {
  it("limits concurrent connections per IP until one is released", () => {
    const limiter = createConnectionLimiter({ maxConcurrent: 2, maxPerMinute: 0 });
    expect(limiter.admit("192.0.2.1")).toBe("ok");
    expect(limiter.admit("192.0.2.1")).toBe("ok");
    expect(limiter.admit("192.0.2.1")).toBe("concurrency");
    expect(limiter.admit("192.0.2.2")).toBe("ok");
    limiter.release("192.0.2.1");
    expect(limiter.admit("192.0.2.1")).toBe("ok");
  });

  it("limits connections per IP per sliding minute", () => {
    const limiter = createConnectionLimiter({ maxConcurrent: 0, maxPerMinute: 3 });
    const t0 = 1_000_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.admit("192.0.2.1", t0 + i * 10_000)).toBe("ok");
    expect(limiter.admit("192.0.2.1", t0 + 30_000)).toBe("rate");
    expect(limiter.admit("192.0.2.9", t0 + 30_000)).toBe("ok");
    // The first connection leaves the window 60 s after it came; the refused one never counted.
    expect(limiter.admit("192.0.2.1", t0 + 59_000)).toBe("rate");
    expect(limiter.admit("192.0.2.1", t0 + 60_000)).toBe("ok");
    expect(limiter.admit("192.0.2.1", t0 + 61_000)).toBe("rate");
    expect(limiter.admit("192.0.2.1", t0 + 200_000)).toBe("ok");
  });
});

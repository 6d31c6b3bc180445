import { describe, expect, it } from "vitest";
import type { ThreadNode } from "../../lib/store/thread-messages.ts";
import { formatThreads } from "./format-threads.ts";

const t = (uid: number, ...children: ThreadNode[]): ThreadNode => ({ uid, children });
const dummy = (...children: ThreadNode[]): ThreadNode => ({ uid: null, children });
const asIs = (uid: number) => uid;

describe("formatThreads (RFC 5256 §5)", () => {
  it("writes no threads as a bare THREAD", () => {
    expect(formatThreads([], asIs)).toBe("THREAD");
  });

  it("writes single messages and chains of only children flat", () => {
    expect(formatThreads([t(1), t(2, t(3, t(4)))], asIs)).toBe("THREAD (1)(2 3 4)");
  });

  it("writes two or more children as nested lists", () => {
    expect(formatThreads([t(3, t(4), t(5))], asIs)).toBe("THREAD (3 (4)(5))");
    // the RFC's own example
    expect(formatThreads([t(2), t(3, t(6, t(4, t(23)), t(44, t(7, t(96)))))], asIs)).toBe("THREAD (2)(3 6 (4 23)(44 7 96))");
  });

  it("writes a dummy parent without a number", () => {
    expect(formatThreads([dummy(t(1), t(2, t(5), t(6)))], asIs)).toBe("THREAD ((1)(2 (5)(6)))");
    // the RFC's example: 3 and 5 share a parent that is not in the mailbox
    expect(formatThreads([dummy(t(3), t(5))], asIs)).toBe("THREAD ((3)(5))");
  });

  it("skips dummies that are not at the top, and writes a dummy with one message as that message", () => {
    expect(formatThreads([t(1, dummy(t(2), t(3)))], asIs)).toBe("THREAD (1 (2)(3))");
    expect(formatThreads([t(1, dummy(t(2)))], asIs)).toBe("THREAD (1 2)");
    expect(formatThreads([dummy(t(7, t(8))), dummy()], asIs)).toBe("THREAD (7 8)");
  });

  it("writes what numberOf gives: sequence numbers for THREAD, UIDs for UID THREAD", () => {
    const sequence = new Map([
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
    expect(formatThreads([t(10, t(20), t(30))], (uid) => sequence.get(uid)!)).toBe("THREAD (1 (2)(3))");
  });

  it("writes a chain of 50,000 replies without deep recursion", () => {
    let chain = t(50_000);
    for (let uid = 49_999; uid >= 1; uid--) chain = t(uid, chain);
    const text = formatThreads([chain], asIs);
    expect(text.startsWith("THREAD (1 2 3 ")).toBe(true);
    expect(text.endsWith(" 49999 50000)")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { MAX_STORED_UID, uidBounds } from "./uid-ranges.ts";

describe("uidBounds", () => {
  it("bounds a scattered set by one range and tests each UID against the set", () => {
    const bounds = uidBounds([[9, 7], [20, 20], [1, 2], [3, 3], [15, 18]]);
    expect(bounds.params).toEqual([1, 20]);
    const inside = Array.from({ length: 22 }, (_, i) => i).filter(bounds.includes);
    expect(inside).toEqual([1, 2, 3, 7, 8, 9, 15, 16, 17, 18, 20]);
  });

  it("matches nothing for no ranges, and keeps bounds within what a UID column holds", () => {
    const none = uidBounds([]);
    expect(none.params[0]).toBeGreaterThan(none.params[1]);
    expect(none.includes(1)).toBe(false);
    expect(uidBounds([[1, 2 ** 32 - 1]]).params).toEqual([1, MAX_STORED_UID]);
  });
});

import { describe, expect, it } from "vitest";
import { effectiveState, nextWindowChange, windowPhase } from "./window-state.ts";
import { formatInZone, formatStatusTime } from "./format-status-time.ts";

const window = { startsAt: new Date("2026-12-01T02:00:00Z"), endsAt: new Date("2026-12-01T02:05:00Z") };
const at = (iso: string) => new Date(iso);

describe("a maintenance window follows the clock", () => {
  it("is upcoming before its start, ongoing during it, completed from its end on", () => {
    expect(windowPhase(window, at("2026-12-01T01:59:59.999Z"))).toBe("upcoming");
    expect(windowPhase(window, at("2026-12-01T02:00:00Z"))).toBe("ongoing");
    expect(windowPhase(window, at("2026-12-01T02:04:59Z"))).toBe("ongoing");
    expect(windowPhase(window, at("2026-12-01T02:05:00Z"))).toBe("completed");
    expect(windowPhase({ startsAt: null, endsAt: null }, at("2026-12-01T02:00:00Z"))).toBeNull();
  });

  it("shows SCHEDULED, ONGOING, COMPLETED whatever was stored, but keeps a staff word like RESOLVED", () => {
    const post = { ...window, state: "SCHEDULED" as const };
    expect(effectiveState(post, at("2026-12-01T01:00:00Z"))).toBe("SCHEDULED");
    expect(effectiveState(post, at("2026-12-01T02:01:00Z"))).toBe("ONGOING");
    expect(effectiveState({ ...post, state: "ONGOING" }, at("2026-12-01T03:00:00Z"))).toBe("COMPLETED");
    expect(effectiveState({ ...post, state: "RESOLVED" }, at("2026-12-01T02:01:00Z"))).toBe("RESOLVED");
    expect(effectiveState({ startsAt: null, endsAt: null, state: "INVESTIGATING" }, at("2026-12-01T02:01:00Z"))).toBe("INVESTIGATING");
  });

  it("knows the next moment a shown state changes by itself", () => {
    expect(nextWindowChange([window], at("2026-12-01T01:00:00Z"))).toEqual(window.startsAt);
    expect(nextWindowChange([window], at("2026-12-01T02:01:00Z"))).toEqual(window.endsAt);
    expect(nextWindowChange([window], at("2026-12-01T02:06:00Z"))).toBeNull();
  });
});

describe("status times", () => {
  it("are written in UTC as `2026-11-29: 16:00 UTC`, and in a reader's zone with the zone named", () => {
    const time = at("2026-11-29T16:00:30Z");
    expect(formatStatusTime(time)).toBe("2026-11-29: 16:00 UTC");
    expect(formatInZone(time, "Europe/Berlin")).toBe("2026-11-29 17:00 (Europe/Berlin)");
    expect(formatInZone(time, "America/New_York")).toBe("2026-11-29 11:00 (America/New_York)");
    expect(formatInZone(at("2026-11-29T23:30:00Z"), "Asia/Tokyo")).toBe("2026-11-30 08:30 (Asia/Tokyo)");
  });
});

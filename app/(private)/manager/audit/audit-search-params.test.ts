import { describe, expect, it } from "vitest";
import { AuditSearchParams, auditDateRange } from "./audit-search-params.schema";

describe("AuditSearchParams", () => {
  it("drops empty and malformed fields, keeps the first of repeated ones", () => {
    expect(AuditSearchParams.parse({ actor: ["a@example.test", "b@example.test"], action: "  ", from: "yesterday", to: "2026-11-20", page: "x" })).toEqual({
      actor: "a@example.test",
      to: "2026-11-20",
      page: 1,
    });
  });

  it("turns inclusive UTC days into the service's half-open range", () => {
    expect(auditDateRange({ from: "2026-11-20", to: "2026-11-21" })).toEqual({ from: new Date("2026-11-20T00:00:00Z"), until: new Date("2026-11-22T00:00:00Z") });
    expect(auditDateRange({ from: "2026-02-31" })).toEqual({ from: undefined, until: undefined });
    expect(auditDateRange({})).toEqual({ from: undefined, until: undefined });
  });
});

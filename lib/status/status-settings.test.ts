import { describe, expect, it } from "vitest";
import { loadStatusSettings } from "./status-settings.ts";
import { probeTargets } from "./start-web-status.ts";

describe("status settings", () => {
  it("default to a 10 s heartbeat, 90 s staleness and a probe a minute; tests may shorten them", () => {
    expect(loadStatusSettings({})).toEqual({ heartbeatMs: 10_000, staleMs: 90_000, probeMs: 60_000 });
    expect(loadStatusSettings({ STATUS_HEARTBEAT_STALE_MS: "3000", STATUS_HEARTBEAT_MS: "1000" })).toMatchObject({ heartbeatMs: 1_000, staleMs: 3_000 });
  });

  it("name the variable that is wrong", () => {
    expect(() => loadStatusSettings({ STATUS_PROBE_MS: "soon" })).toThrow(/STATUS_PROBE_MS/);
    expect(() => loadStatusSettings({ STATUS_HEARTBEAT_MS: "5" })).toThrow(/STATUS_HEARTBEAT_MS/);
  });

  it("probe each daemon's plain port on this host with its protocol's greeting", () => {
    const targets = probeTargets({ ports: { smtp: 25, imap: 143, pop3: 110, ldap: 389 } as never });
    expect(targets.map((t) => [t.service, t.port, t.greeting?.test(t.service === "smtp" ? "220 mx ESMTP" : t.service === "imap" ? "* OK ready" : "+OK ready") ?? "connect"])).toEqual([
      ["smtp", 25, true],
      ["imap", 143, true],
      ["pop3", 110, true],
      ["ldap", 389, "connect"],
    ]);
  });
});

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

  it("probe every listener of each daemon on this host, plain and TLS, with its protocol's greeting", () => {
    const ports = { smtp: 25, submission: 587, smtps: 465, imap: 143, imaps: 993, pop3: 110, pop3s: 995, ldap: 389, ldaps: 636, web: 3000 };
    const hello = { smtp: "220 mx ESMTP", imap: "* OK ready", pop3: "+OK ready", ldap: "" } as Record<string, string>;
    const targets = probeTargets({ ports });
    expect(targets.map((t) => [t.service, t.port, t.tls ?? false, t.greeting?.test(hello[t.service]!) ?? "connect"])).toEqual([
      ["smtp", 25, false, true],
      ["smtp", 587, false, true],
      ["smtp", 465, true, true],
      ["imap", 143, false, true],
      ["imap", 993, true, true],
      ["pop3", 110, false, true],
      ["pop3", 995, true, true],
      ["ldap", 389, false, "connect"],
      ["ldap", 636, true, "connect"],
    ]);
  });
});

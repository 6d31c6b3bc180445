import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, startSilentDnsServer, type DnsServer } from "../../scripts/test-support/dns-server.ts";
import { createDnsResolver, type DnsResolver } from "./dns-resolver.ts";

let server: DnsServer;
let resolver: DnsResolver;

beforeAll(async () => {
  server = await startDnsServer({
    "example.test": {
      A: ["192.0.2.1"],
      AAAA: ["2001:db8::1"],
      TXT: ["v=spf1 -all"],
      MX: [{ exchange: "mx.example.test", priority: 5 }],
    },
    "alias.example.test": { CNAME: "example.test" },
    "1.2.0.192.in-addr.arpa": { PTR: ["mx.example.test"] },
  });
  resolver = createDnsResolver({ servers: [server.address], timeoutMs: 2_000 });
});
afterAll(() => server.close());

describe("createDnsResolver", () => {
  it("answers in the shapes of dns.promises.resolve, which mailauth expects", async () => {
    expect(await resolver("example.test", "A")).toEqual(["192.0.2.1"]);
    expect(await resolver("example.test", "AAAA")).toEqual(["2001:db8::1"]);
    expect(await resolver("example.test", "TXT")).toEqual([["v=spf1 -all"]]);
    expect(await resolver("example.test", "MX")).toEqual([{ exchange: "mx.example.test", priority: 5 }]);
    expect(await resolver("1.2.0.192.in-addr.arpa", "PTR")).toEqual(["mx.example.test"]);
    expect(await resolver("alias.example.test", "CNAME")).toEqual(["example.test"]);
  });

  it("rejects with ENOTFOUND for a name that does not exist and ENODATA for a missing type", async () => {
    await expect(resolver("missing.example.test", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver("example.test", "PTR")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("gives up on a server that never answers within its timeout, with ETIMEOUT", async () => {
    const silent = await startSilentDnsServer();
    try {
      const timeoutMs = 400;
      const slow = createDnsResolver({ servers: [silent.address], timeoutMs });
      const started = performance.now();
      await expect(slow("example.test", "TXT")).rejects.toMatchObject({ code: "ETIMEOUT" });
      expect(performance.now() - started).toBeLessThan(timeoutMs + 250);
    } finally {
      silent.close();
    }
  });

  it("reuses answers and 'no such name' for a while, but asks again after a timeout", async () => {
    const caching = createDnsResolver({ servers: [server.address], timeoutMs: 2_000, cacheMs: 60_000 });
    const asked = (name: string) => server.queries.filter((q) => q.name === name).length;
    await caching("example.test", "MX");
    const mxQueries = asked("example.test");
    expect(await caching("EXAMPLE.test", "MX")).toEqual([{ exchange: "mx.example.test", priority: 5 }]);
    expect(asked("example.test")).toBe(mxQueries);
    await expect(caching("nothing.example.test", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(caching("nothing.example.test", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(asked("nothing.example.test")).toBe(1);

    const silent = await startSilentDnsServer();
    try {
      const slow = createDnsResolver({ servers: [silent.address], timeoutMs: 200, cacheMs: 60_000 });
      await expect(slow("example.test", "TXT")).rejects.toMatchObject({ code: "ETIMEOUT" });
      const afterFirst = silent.received();
      await expect(slow("example.test", "TXT")).rejects.toMatchObject({ code: "ETIMEOUT" });
      expect(silent.received()).toBeGreaterThan(afterFirst);
    } finally {
      silent.close();
    }
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDnsServer, startSilentDnsServer, type DnsRecords, type DnsServer } from "../../scripts/test-support/dns-server.ts";
import { checkDnsbl } from "./check-dnsbl.ts";
import { createDnsResolver, type DnsResolver } from "./dns-resolver.ts";

const zone: DnsRecords = {
  // 192.0.2.99 is on both lists; the first answers two codes, as Spamhaus ZEN does.
  "99.2.0.192.bl.test": { A: ["127.0.0.2", "127.0.0.4"], TXT: ["listed"] },
  "99.2.0.192.other.test": { A: ["127.0.0.3"] },
  // 192.0.2.50: refusal codes and a hijacking resolver's answer, none of them listings.
  "50.2.0.192.bl.test": { A: ["127.255.255.254"] },
  "50.2.0.192.other.test": { A: ["198.51.100.80", "127.0.0.1"] },
  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test": { A: ["127.0.0.10"] },
};

let server: DnsServer;
let resolver: DnsResolver;

beforeAll(async () => {
  server = await startDnsServer(zone);
  resolver = createDnsResolver({ servers: [server.address], timeoutMs: 2_000 });
});
beforeEach(() => {
  server.queries.length = 0;
});
afterAll(() => server.close());

describe("checkDnsbl", () => {
  it("looks up the reversed IPv4 address in every zone and returns each listing code", async () => {
    expect(await checkDnsbl(resolver, "192.0.2.99", ["bl.test", "other.test."])).toEqual([
      { zone: "bl.test", answer: "127.0.0.2" },
      { zone: "bl.test", answer: "127.0.0.4" },
      { zone: "other.test.", answer: "127.0.0.3" },
    ]);
    expect(server.queries).toEqual(
      expect.arrayContaining([
        { name: "99.2.0.192.bl.test", type: "A" },
        { name: "99.2.0.192.other.test", type: "A" },
      ]),
    );
  });

  it("reads an IPv4-mapped IPv6 client as its IPv4 address", async () => {
    expect(await checkDnsbl(resolver, "::ffff:192.0.2.99", ["other.test"])).toEqual([{ zone: "other.test", answer: "127.0.0.3" }]);
  });

  it("looks up IPv6 clients by their 32 reversed nibbles", async () => {
    expect(await checkDnsbl(resolver, "2001:db8::1", ["bl.test"])).toEqual([{ zone: "bl.test", answer: "127.0.0.10" }]);
    expect(server.queries).toEqual([{ name: "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test", type: "A" }]);
  });

  it("ignores refusal codes, 127.0.0.1 and answers outside 127.0.0.0/8", async () => {
    expect(await checkDnsbl(resolver, "192.0.2.50", ["bl.test", "other.test"])).toEqual([]);
  });

  it("counts a missing entry or an unreachable zone as not listed", async () => {
    expect(await checkDnsbl(resolver, "192.0.2.7", ["bl.test"])).toEqual([]);
    const silent = await startSilentDnsServer();
    try {
      const unreachable = createDnsResolver({ servers: [silent.address], timeoutMs: 300 });
      expect(await checkDnsbl(unreachable, "192.0.2.99", ["bl.test"])).toEqual([]);
    } finally {
      silent.close();
    }
  });

  it("never looks up loopback, private or link-local clients", async () => {
    const local = ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.0.1", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"];
    for (const ip of local) expect(await checkDnsbl(resolver, ip, ["bl.test"])).toEqual([]);
    expect(server.queries).toEqual([]);
  });

  it("refuses something that is not an IP address", async () => {
    await expect(checkDnsbl(resolver, "mx.example.test", ["bl.test"])).rejects.toThrow(TypeError);
  });
});

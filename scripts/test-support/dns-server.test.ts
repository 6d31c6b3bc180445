import { execFile } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startDnsServer, type DnsServer } from "./dns-server.ts";

const run = promisify(execFile);
const longText = `v=DKIM1; k=rsa; p=${"A".repeat(600)}`;

const zone = {
  "example.test": {
    A: ["192.0.2.1", "192.0.2.2"],
    AAAA: ["2001:db8::1"],
    TXT: ["v=spf1 ip4:127.0.0.1 -all", longText],
    MX: [{ exchange: "mx.example.test", priority: 10 }],
  },
  "www.example.test": { CNAME: "example.test" },
  "dangling.example.test": { CNAME: "gone.example.test" },
  "1.2.0.192.in-addr.arpa": { PTR: ["host.example.test"] },
};

let server: DnsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function resolverFor(records: typeof zone): Promise<Resolver> {
  server = await startDnsServer(records);
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([server.address]);
  return resolver;
}

describe("startDnsServer", () => {
  it("answers every record type as node's resolver expects", async () => {
    const resolver = await resolverFor(zone);
    expect(server!.address).toBe(`127.0.0.1:${server!.port}`);
    expect(await resolver.resolve4("example.test")).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(await resolver.resolve6("EXAMPLE.test.")).toEqual(["2001:db8::1"]);
    expect(await resolver.resolveMx("example.test")).toEqual([{ exchange: "mx.example.test", priority: 10 }]);
    expect(await resolver.reverse("192.0.2.1")).toEqual(["host.example.test"]);
    expect(await resolver.resolveCname("www.example.test")).toEqual(["example.test"]);
    expect(await resolver.resolve4("www.example.test")).toEqual(["192.0.2.1", "192.0.2.2"]);
  });

  it("splits long TXT strings into 255-byte character-strings and serves them over TCP when UDP truncates", async () => {
    const resolver = await resolverFor(zone);
    const records = await resolver.resolveTxt("example.test");
    expect(records.map((chunks) => chunks.join(""))).toEqual(["v=spf1 ip4:127.0.0.1 -all", longText]);
    expect(records[1]!.map((chunk) => chunk.length)).toEqual([255, 255, longText.length - 510]);
    // The answer is over 512 bytes: a truncated UDP reply, then the same question over TCP.
    expect(server!.queries).toEqual([
      { name: "example.test", type: "TXT" },
      { name: "example.test", type: "TXT" },
    ]);
  });

  it("says NXDOMAIN for unknown names and NOERROR without answers for a missing type", async () => {
    const resolver = await resolverFor(zone);
    await expect(resolver.resolve4("nowhere.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolve4("dangling.example.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolveTxt("www.example.test").then(() => "answered")).resolves.toBe("answered");
    await expect(resolver.resolvePtr("example.test")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("serves what set() published from then on and records each question", async () => {
    const resolver = await resolverFor(zone);
    server!.set({ "other.test": { A: ["198.51.100.7"] } });
    expect(await resolver.resolve4("other.test")).toEqual(["198.51.100.7"]);
    await expect(resolver.resolve4("example.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(server!.queries).toEqual([
      { name: "other.test", type: "A" },
      { name: "example.test", type: "A" },
    ]);
  });

  it("gives two servers their own ports", async () => {
    const first = await startDnsServer({});
    const second = await startDnsServer({});
    expect(first.port).not.toBe(second.port);
    await Promise.all([first.close(), second.close()]);
  });

  // dig comes with Debian's dnsutils (.ci/run installs it).
  it("answers dig over UDP and TCP, and truncates for a client without EDNS", async () => {
    await resolverFor(zone);
    const dig = async (...args: string[]) => (await run("dig", [`@127.0.0.1`, "-p", String(server!.port), "+time=2", "+tries=1", ...args])).stdout;

    expect(await dig("+short", "MX", "example.test")).toBe("10 mx.example.test.\n");
    expect(await dig("+short", "+tcp", "A", "www.example.test")).toBe("example.test.\n192.0.2.1\n192.0.2.2\n");
    expect(await dig("+short", "+tcp", "TXT", "example.test")).toContain(`"${longText.slice(0, 255)}" "${longText.slice(255, 510)}" "${longText.slice(510)}"`);
    expect(await dig("A", "nowhere.test")).toContain("status: NXDOMAIN");
    expect(await dig("PTR", "example.test")).toMatch(/status: NOERROR.*\n.*ANSWER: 0/);
    expect(await dig("+noedns", "+ignore", "+notcp", "TXT", "example.test")).toMatch(/flags: qr aa tc rd;/);
  });
});

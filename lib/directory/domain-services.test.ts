import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDomain } from "./create-domain.ts";
import { verifyDomain } from "./verify-domain.ts";
import { domainVerificationRecord } from "./domain-verification-record.ts";
import { setCatchAll } from "./set-catch-all.ts";
import { rotateDkimKey } from "./rotate-dkim-key.ts";
import { describeDnsRecords } from "./describe-dns-records.ts";
import { ensureDkimKey } from "../queue/dkim-keys.ts";
import { createAccount } from "./create-account.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { createDnsResolver } from "../delivery/dns-resolver.ts";
import { startDnsServer, type DnsServer } from "../../scripts/test-support/dns-server.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let dns: DnsServer;
beforeAll(async () => {
  dns = await startDnsServer({});
});
afterAll(async () => {
  await dns?.close();
});
// No cache: each test changes the zone and must see its own answers.
const resolver = () => createDnsResolver({ servers: [dns.address], timeoutMs: 2_000, cacheMs: 0 });

describe("createDomain", () => {
  it("lets a manager add a domain to its own account, unverified, and audits it", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const name = `${uniqueName("own")}.test`;
    const domain = await createDomain(db, { actor: manager, clientIp: "192.0.2.7", accountId: manager.accountId, name: name.toUpperCase() });
    expect(domain).toMatchObject({ name, accountId: manager.accountId, verifiedAt: null });
    expect(domain.verificationToken.length).toBeGreaterThan(10);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: domain.id } });
    expect(audit).toMatchObject({ action: "domain.create", actorId: manager.mailboxId, clientIp: "192.0.2.7" });
  });

  it("creates verified domains for the system actor and in development mode", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const bySystem = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: manager.accountId, name: `${uniqueName("sys")}.test` });
    expect(bySystem.verifiedAt).toBeInstanceOf(Date);
    const inDevelopment = await createDomain(db, { actor: manager, accountId: manager.accountId, name: `${uniqueName("dev")}.test`, isDevelopment: true });
    expect(inDevelopment.verifiedAt).toBeInstanceOf(Date);
  });

  it("refuses SELF mailboxes, other accounts, bad names and taken names", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    await expect(createDomain(db, { actor: alice, accountId: alice.accountId, name: `${uniqueName("a")}.test` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createDomain(db, { actor: manager, accountId: admin.accountId, name: `${uniqueName("b")}.test` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createDomain(db, { actor: manager, accountId: manager.accountId, name: "not a domain" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not a valid domain name/) });
    await expect(createDomain(db, { actor: manager, accountId: manager.accountId, name: "localhost" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createDomain(db, { actor: manager, accountId: manager.accountId, name: "mailwright.test" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^mailwright\.test belongs to another account/),
    });
    await expect(createDomain(db, { actor: manager, accountId: manager.accountId, name: "Example.Test" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "example.test is already a domain of this account.",
    });
    await expect(createDomain(db, { actor: admin, accountId: "no-such-account", name: `${uniqueName("c")}.test` })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("verifyDomain", () => {
  it("verifies when the TXT record carries the token, and not before", async () => {
    const db = await testDb();
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("verify"), displayName: "Verify" });
    const admin = await principalOf("admin@mailwright.test");
    const domain = await createDomain(db, { actor: admin, accountId: account.id, name: `${uniqueName("v")}.test` });
    const record = domainVerificationRecord(domain);
    expect(record).toEqual({ name: `_mailwright.${domain.name}`, value: `mailwright-verification=${domain.verificationToken}` });

    dns.set({});
    await expect(verifyDomain(db, { actor: admin, resolver: resolver(), domainId: domain.id })).resolves.toEqual({ isVerified: false, problem: expect.stringMatching(/^No TXT record found at _mailwright\./) });
    dns.set({ [record.name]: { TXT: ["v=spf1 -all", "mailwright-verification=someone-elses-token"] } });
    await expect(verifyDomain(db, { actor: admin, resolver: resolver(), domainId: domain.id })).resolves.toEqual({ isVerified: false, problem: expect.stringMatching(/do not include "mailwright-verification=/) });
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).verifiedAt).toBeNull();

    dns.set({ [record.name]: { TXT: ["v=spf1 -all", record.value] } });
    const result = await verifyDomain(db, { actor: admin, clientIp: "192.0.2.8", resolver: resolver(), domainId: domain.id });
    expect(result).toEqual({ isVerified: true, verifiedAt: expect.any(Date) });
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).verifiedAt).toBeInstanceOf(Date);
    expect(await db.auditEvent.count({ where: { targetId: domain.id, action: "domain.verify", clientIp: "192.0.2.8" } })).toBe(1);
  });

  it("reports a DNS server that does not answer as a problem to retry", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const domain = await createDomain(db, { actor: admin, accountId: admin.accountId, name: `${uniqueName("down")}.test` });
    const failing = createDnsResolver({ servers: ["127.0.0.1:9"], timeoutMs: 300, cacheMs: 0 });
    await expect(verifyDomain(db, { actor: admin, resolver: failing, domainId: domain.id })).resolves.toEqual({ isVerified: false, problem: expect.stringMatching(/DNS did not answer/) });
  });

  it("is for the account's managers only", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    const domain = await createDomain(db, { actor: admin, accountId: admin.accountId, name: `${uniqueName("p")}.test` });
    await expect(verifyDomain(db, { actor: manager, resolver: resolver(), domainId: domain.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const own = await createDomain(db, { actor: manager, accountId: manager.accountId, name: `${uniqueName("q")}.test` });
    await expect(verifyDomain(db, { actor: alice, resolver: resolver(), domainId: own.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(verifyDomain(db, { actor: manager, resolver: resolver(), domainId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("setCatchAll", () => {
  it("takes a mailbox of the domain's account, refuses others, and turns off with null", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    const domain = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: manager.accountId, name: `${uniqueName("ca")}.test` });
    // alice's mailbox is in example.test, another domain of the same account: allowed.
    const set = await setCatchAll(db, { actor: manager, clientIp: "192.0.2.9", domainId: domain.id, mailboxId: alice.mailboxId });
    expect(set.catchAllMailboxId).toBe(alice.mailboxId);
    expect(await db.auditEvent.count({ where: { targetId: domain.id, action: "domain.catch-all.set" } })).toBe(1);
    await expect(setCatchAll(db, { actor: manager, domainId: domain.id, mailboxId: admin.mailboxId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "The catch-all must be a mailbox of this account." });
    await expect(setCatchAll(db, { actor: alice, domainId: domain.id, mailboxId: alice.mailboxId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setCatchAll(db, { actor: manager, domainId: domain.id, mailboxId: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await setCatchAll(db, { actor: manager, domainId: domain.id, mailboxId: null })).catchAllMailboxId).toBeNull();
  });
});

describe("rotateDkimKey", () => {
  it("makes a next key, activates it only once DNS carries it, and keeps the old key published", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const domain = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: manager.accountId, name: `${uniqueName("rot")}.test` });
    const first = await ensureDkimKey(db, domain.id);

    const step1 = await rotateDkimKey(db, { actor: manager, resolver: resolver(), domainId: domain.id });
    if (step1.stage !== "NEXT_KEY_CREATED") throw new Error(`expected a next key, got ${step1.stage}`);
    expect(step1.selector).not.toBe(first.selector);
    expect(step1.recordName).toBe(`${step1.selector}._domainkey.${domain.name}`);
    expect((await ensureDkimKey(db, domain.id)).selector).toBe(first.selector); // the old key still signs

    dns.set({});
    await expect(rotateDkimKey(db, { actor: manager, resolver: resolver(), domainId: domain.id })).resolves.toEqual({ stage: "WAITING_FOR_DNS", selector: step1.selector, problem: expect.stringMatching(/^No TXT record found/) });
    dns.set({ [step1.recordName]: { TXT: [first.dnsRecord] } }); // the wrong key
    await expect(rotateDkimKey(db, { actor: manager, resolver: resolver(), domainId: domain.id })).resolves.toMatchObject({ stage: "WAITING_FOR_DNS", problem: expect.stringMatching(/does not carry the new key/) });
    expect((await ensureDkimKey(db, domain.id)).selector).toBe(first.selector);

    dns.set({ [step1.recordName]: { TXT: [step1.dnsRecord] } }); // over 255 bytes: several character-strings
    await expect(rotateDkimKey(db, { actor: manager, clientIp: "192.0.2.11", resolver: resolver(), domainId: domain.id })).resolves.toEqual({ stage: "ACTIVATED", selector: step1.selector });
    expect((await ensureDkimKey(db, domain.id)).selector).toBe(step1.selector);
    expect(await db.dkimKey.count({ where: { domainId: domain.id, isActive: true } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: domain.id, action: "domain.dkim.rotate", clientIp: "192.0.2.11" } })).toBe(1);

    const dkim = (await describeDnsRecords(db, { actor: manager, domainId: domain.id, publicHostname: "mx.provider.test" })).filter((r) => r.purpose === "DKIM");
    expect(dkim.map((r) => [r.name, r.dkimState, r.value])).toEqual([
      [step1.recordName, "ACTIVE", step1.dnsRecord],
      [`${first.selector}._domainkey.${domain.name}`, "RETIRED", first.dnsRecord],
    ]);
  });

  it("activates without DNS in development mode, and is for managers only", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const domain = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: manager.accountId, name: `${uniqueName("rotdev")}.test` });
    await expect(rotateDkimKey(db, { actor: alice, resolver: resolver(), domainId: domain.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    dns.set({});
    const step1 = await rotateDkimKey(db, { actor: manager, resolver: resolver(), domainId: domain.id, isDevelopment: true });
    expect(step1.stage).toBe("NEXT_KEY_CREATED");
    await expect(rotateDkimKey(db, { actor: manager, resolver: resolver(), domainId: domain.id, isDevelopment: true })).resolves.toEqual({ stage: "ACTIVATED", selector: step1.selector });
  });
});

describe("describeDnsRecords", () => {
  it("lists the verification TXT first while unverified, then MX, SPF, DKIM, DMARC and autoconfiguration", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const manager = await principalOf("manager@example.test");
    const domain = await createDomain(db, { actor: admin, accountId: manager.accountId, name: `${uniqueName("dns")}.test` });
    const name = domain.name;
    const records = await describeDnsRecords(db, { actor: manager, domainId: domain.id, publicHostname: "mx.provider.test", ports: { submission: 2587, smtps: 2465, imaps: 2993, pop3s: 2995 } });
    const key = await ensureDkimKey(db, domain.id);
    expect(records.map(({ purpose, name, type, value }) => ({ purpose, name, type, value }))).toEqual([
      { purpose: "VERIFICATION", name: `_mailwright.${name}`, type: "TXT", value: `mailwright-verification=${domain.verificationToken}` },
      { purpose: "MX", name, type: "MX", value: "10 mx.provider.test." },
      { purpose: "SPF", name, type: "TXT", value: "v=spf1 a:mx.provider.test -all" },
      { purpose: "DKIM", name: `${key.selector}._domainkey.${name}`, type: "TXT", value: key.dnsRecord },
      { purpose: "DMARC", name: `_dmarc.${name}`, type: "TXT", value: `v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${name}` },
      { purpose: "AUTOCONFIG", name: `autoconfig.${name}`, type: "CNAME", value: "mx.provider.test." },
      { purpose: "AUTOCONFIG", name: `autodiscover.${name}`, type: "CNAME", value: "mx.provider.test." },
      { purpose: "AUTOCONFIG", name: `_submission._tcp.${name}`, type: "SRV", value: "0 1 2587 mx.provider.test." },
      { purpose: "AUTOCONFIG", name: `_submissions._tcp.${name}`, type: "SRV", value: "0 1 2465 mx.provider.test." },
      { purpose: "AUTOCONFIG", name: `_imaps._tcp.${name}`, type: "SRV", value: "0 1 2993 mx.provider.test." },
      { purpose: "AUTOCONFIG", name: `_pop3s._tcp.${name}`, type: "SRV", value: "0 1 2995 mx.provider.test." },
    ]);
    const verified = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: manager.accountId, name: `${uniqueName("dnsv")}.test` });
    const verifiedRecords = await describeDnsRecords(db, { actor: manager, domainId: verified.id, publicHostname: "mx.provider.test" });
    expect(verifiedRecords[0]).toMatchObject({ purpose: "MX" });
    expect(verifiedRecords.find((r) => r.name === `_imaps._tcp.${verified.name}`)?.value).toBe("0 1 993 mx.provider.test.");
    await expect(describeDnsRecords(db, { actor: await principalOf("alice@example.test"), domainId: verified.id, publicHostname: "mx.provider.test" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

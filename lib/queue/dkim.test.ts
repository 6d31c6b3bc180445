import { execFile } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { dkimVerify } from "mailauth";
import { describe, expect, it } from "vitest";
import { createAccount } from "../directory/create-account.ts";
import { createDomain } from "../directory/create-domain.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";
import { formatDkimZoneLine } from "../../scripts/print-dkim-record.ts";
import { ensureDkimKey, findSigningKey, type DkimSigningKey } from "./dkim-keys.ts";
import { signDkim } from "./sign-dkim.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NOVEMBER_2026 = new Date("2026-11-15T12:00:00Z");

/** A domain of its own in the run's database, made the way staff make one. */
async function createTestDomain(): Promise<{ id: string; name: string }> {
  const db = await testDb();
  const tag = uniqueName("dkim");
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "DKIM test" });
  return createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${tag}.test` });
}

async function countKeys(domainId: string): Promise<number> {
  return (await testDb()).dkimKey.count({ where: { domainId } });
}

/** The character-strings of a zone-file TXT line, unquoted and unescaped. */
function parseZoneLine(line: string): { owner: string; strings: string[] } {
  const match = /^(\S+) IN TXT ((?:"(?:[^"\\]|\\.)*" ?)+)$/.exec(line);
  if (!match) throw new Error(`not a TXT zone line: ${line}`);
  const strings = [...match[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
  return { owner: match[1]!, strings };
}

/** A DNS resolver (dns.promises.resolve's shape) that knows only the key's record, as the zone line publishes it. */
function resolverFor(key: DkimSigningKey) {
  const { owner, strings } = parseZoneLine(formatDkimZoneLine(key));
  return async (name: string, rrtype: string): Promise<string[][]> => {
    if (rrtype === "TXT" && `${name.toLowerCase()}.` === owner) return [strings];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  };
}

function messageFrom(domain: string): Buffer {
  return Buffer.from(
    [
      `From: Alice <alice@${domain}>`,
      "To: bob@remote.example",
      "Subject: Quarterly figures",
      "Date: Sun, 29 Nov 2026 20:00:00 +0000",
      `Message-ID: <${uniqueName("m")}@${domain}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "X-Unsigned: anything",
      "",
      "The figures are attached.",
      "Regards, Alice",
      "",
    ].join("\r\n"),
  );
}

async function verify(message: Buffer, key: DkimSigningKey) {
  const { results } = await dkimVerify(message, { resolver: resolverFor(key) });
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe("ensureDkimKey", () => {
  it("creates an RSA 2048 key on demand, publishes its public half, and reuses it", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    expect(await countKeys(domain.id)).toBe(0);

    const key = await ensureDkimKey(db, domain.id, { now: NOVEMBER_2026 });
    expect(key).toMatchObject({ domain: domain.name, selector: "mw202611" });
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8, not PKCS#1's "RSA PRIVATE KEY"
    const privateKey = createPrivateKey(key.privateKeyPem);
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const published = /^v=DKIM1; k=rsa; p=([A-Za-z0-9+/]+=*)$/.exec(key.dnsRecord)?.[1];
    expect(published).toBe(createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64"));

    expect(await ensureDkimKey(db, domain.id, { now: new Date("2027-03-01T00:00:00Z") })).toEqual(key);
    expect(await countKeys(domain.id)).toBe(1);
  });

  it("names the selector after the UTC month, and never reuses a retired key's selector", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    // West of UTC this instant is still 31 January locally; the selector follows UTC.
    const first = await ensureDkimKey(db, domain.id, { now: new Date("2027-02-01T00:30:00Z") });
    expect(first.selector).toBe("mw202702");

    await db.dkimKey.updateMany({ where: { domainId: domain.id }, data: { isActive: false } });
    const second = await ensureDkimKey(db, domain.id, { now: new Date("2027-02-20T00:00:00Z") });
    expect(second.selector).toBe("mw202702-2");
    expect(second.privateKeyPem).not.toBe(first.privateKeyPem);
    expect(await countKeys(domain.id)).toBe(2);

    // Both active again: the newer one signs.
    await db.dkimKey.updateMany({ where: { domainId: domain.id }, data: { isActive: true } });
    expect((await ensureDkimKey(db, domain.id)).selector).toBe("mw202702-2");
  });

  it("ends with one key when several callers ask at once", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    const keys = await Promise.all([
      ...Array.from({ length: 4 }, () => ensureDkimKey(db, domain.id, { now: NOVEMBER_2026 })),
      findSigningKey(db, domain.name, { now: NOVEMBER_2026 }),
    ]);
    expect(await countKeys(domain.id)).toBe(1);
    for (const key of keys) expect(key).toEqual(keys[0]);
  });

  it("refuses an unknown domain id", async () => {
    await expect(ensureDkimKey(await testDb(), "no-such-domain")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("findSigningKey", () => {
  it("finds our domain by name in any case, and ensures its key", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    const key = await findSigningKey(db, domain.name.toUpperCase());
    expect(key?.domain).toBe(domain.name);
    expect(await ensureDkimKey(db, domain.id)).toEqual(key);
  });

  it("returns null for a domain that is not ours, and creates nothing", async () => {
    const db = await testDb();
    const before = await db.dkimKey.count();
    expect(await findSigningKey(db, `${uniqueName("foreign")}.example`)).toBeNull();
    expect(await findSigningKey(db, "not a domain")).toBeNull();
    expect(await db.dkimKey.count()).toBe(before);
  });
});

describe("signDkim", () => {
  it("prepends a relaxed/relaxed rsa-sha256 signature that verifies with the published record", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    const key = (await findSigningKey(db, domain.name))!;
    const raw = messageFrom(domain.name);

    const signed = await signDkim(raw, key);
    expect(signed.subarray(signed.length - raw.length).equals(raw)).toBe(true);
    const field = signed.subarray(0, signed.length - raw.length).toString();
    expect(field).toMatch(/^DKIM-Signature: /);
    expect(field).toMatch(/\ba=rsa-sha256;/);
    expect(field).toMatch(/\bc=relaxed\/relaxed;/);
    const signedFields = /\bh=([^;]+);/.exec(field.replace(/\r\n\s+/g, ""))?.[1]?.toLowerCase().split(":").map((name) => name.trim());
    expect(signedFields?.sort()).toEqual(["content-transfer-encoding", "content-type", "date", "from", "message-id", "mime-version", "subject", "to"]);

    const result = await verify(signed, key);
    expect(result.status.result).toBe("pass");
    expect(result.signingDomain).toBe(domain.name);
    expect(result.selector).toBe(key.selector);
  });

  it("still verifies after whitespace changes in transit (relaxed), and fails once content changes", async () => {
    const db = await testDb();
    const key = (await findSigningKey(db, (await createTestDomain()).name))!;
    const signed = (await signDkim(messageFrom(key.domain), key)).toString();

    const refolded = signed.replace("Subject: Quarterly figures", "Subject:   Quarterly\r\n figures").replace("Regards, Alice", "Regards,   Alice  ");
    expect((await verify(Buffer.from(refolded), key)).status.result).toBe("pass");

    const newSubject = signed.replace("Subject: Quarterly figures", "Subject: Quarterly figures (revised)");
    expect((await verify(Buffer.from(newSubject), key)).status).toMatchObject({ result: "fail", comment: "bad signature" });

    const newBody = signed.replace("The figures are attached.", "The figures are NOT attached.");
    expect((await verify(Buffer.from(newBody), key)).status).toMatchObject({ result: "neutral", comment: "body hash did not verify" });
  });

  it("fails verification against another domain's published key", async () => {
    const db = await testDb();
    const key = (await findSigningKey(db, (await createTestDomain()).name))!;
    const other = (await findSigningKey(db, (await createTestDomain()).name))!;
    const signed = await signDkim(messageFrom(key.domain), key);
    const result = await verify(signed, { ...key, dnsRecord: other.dnsRecord });
    expect(result.status).toMatchObject({ result: "fail", comment: "bad signature" });
  });

  it("throws rather than return a message unsigned", async () => {
    const db = await testDb();
    const key = (await findSigningKey(db, (await createTestDomain()).name))!;
    const raw = messageFrom(key.domain);
    await expect(signDkim(raw, { ...key, privateKeyPem: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n" })).rejects.toThrow(
      `DKIM signing failed for d=${key.domain} s=${key.selector}: `,
    );
    await expect(signDkim(Buffer.alloc(0), key)).rejects.toThrow(/DKIM signing failed/);
  });
});

describe("print-dkim-record", () => {
  it("splits the record into quoted strings of at most 255 characters", () => {
    const record = `v=DKIM1; k=rsa; p=${"A".repeat(600)}`;
    const line = formatDkimZoneLine({ domain: "example.test", selector: "mw202611", dnsRecord: record });
    const { owner, strings } = parseZoneLine(line);
    expect(owner).toBe("mw202611._domainkey.example.test.");
    expect(strings.map((s) => s.length)).toEqual([255, 255, record.length - 510]);
    expect(strings.join("")).toBe(record);
    expect(parseZoneLine(formatDkimZoneLine({ domain: "example.test", selector: "s", dnsRecord: 'a"b\\c' })).strings).toEqual(['a"b\\c']);
  });

  const runScript = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "scripts/print-dkim-record.ts"), ...args], { cwd: root, env: process.env });

  it("prints the zone-file line of a domain's key, creating the key when needed", async () => {
    const db = await testDb();
    const domain = await createTestDomain();
    const { stdout } = await runScript(domain.name.toUpperCase());
    expect(await countKeys(domain.id)).toBe(1);
    const key = await ensureDkimKey(db, domain.id);
    expect(stdout).toBe(`${formatDkimZoneLine(key)}\n`);
    expect(parseZoneLine(stdout.trimEnd()).strings.join("")).toBe(key.dnsRecord);
  });

  it("exits non-zero with a clear message for a domain that is not ours", async () => {
    const foreign = `${uniqueName("foreign")}.example`;
    await expect(runScript(foreign)).rejects.toMatchObject({ code: 1, stdout: "", stderr: `print-dkim-record: ${foreign} is not a domain of this server.\n` });
  });
});

import { generateKeyPairSync } from "node:crypto";
import { dkimSign as mailauthDkimSign, type DKIMSignOptions, type DKIMSignResult } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, startSilentDnsServer, type DnsRecords, type DnsServer } from "../../scripts/test-support/dns-server.ts";
import { createDnsResolver, type DnsResolver } from "./dns-resolver.ts";
import { verifyAuthentication, type VerifyAuthenticationInput } from "./verify-authentication.ts";

// index.d.ts wants signingDomain, selector and privateKey at the top as well, but the signer reads
// only signatureData.
const dkimSign = mailauthDkimSign as unknown as (input: Buffer, options: { signatureData: DKIMSignOptions[] }) => Promise<DKIMSignResult>;

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicKeyBase64 = publicKey.export({ type: "spki", format: "der" }).toString("base64");

const ALLOWED_IP = "127.0.0.1";
const FOREIGN_IP = "192.0.2.50";

const zone: DnsRecords = {
  "example.test": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] },
  "sel._domainkey.example.test": { TXT: [`v=DKIM1; k=rsa; p=${publicKeyBase64}`] },
  "_dmarc.example.test": { TXT: ["v=DMARC1; p=reject"] },
  "mx.example.test": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] },
  "lax.test": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] },
  "_dmarc.lax.test": { TXT: ["v=DMARC1; p=none"] },
  "soft.test": { TXT: ["v=spf1 ip4:127.0.0.1 ~all"] },
  "rollout.test": { TXT: ["v=spf1 -all"] },
  "_dmarc.rollout.test": { TXT: ["v=DMARC1; p=reject; pct=20"] },
  "parent.test": { TXT: ["v=spf1 -all"] },
  "_dmarc.parent.test": { TXT: ["v=DMARC1; p=none; sp=reject"] },
  "sub.parent.test": { TXT: ["v=spf1 -all"] },
};

let server: DnsServer;
let resolver: DnsResolver;

beforeAll(async () => {
  server = await startDnsServer(zone);
  resolver = createDnsResolver({ servers: [server.address], timeoutMs: 2_000 });
});
afterAll(() => server.close());

function message(from: string, body = "Hello Bob,\r\n\r\nsee you tomorrow.\r\n"): Buffer {
  return Buffer.from(
    [
      `From: Alice <${from}>`,
      "To: Bob <bob@mailwright.test>",
      "Subject: Tomorrow",
      "Date: Mon, 02 Jun 2025 10:00:00 +0000",
      `Message-ID: <${Date.now()}@example.test>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
    ].join("\r\n"),
  );
}

async function signed(raw: Buffer): Promise<Buffer> {
  const { signatures, errors } = await dkimSign(raw, { signatureData: [{ signingDomain: "example.test", selector: "sel", privateKey: privateKeyPem }] });
  expect(errors).toEqual([]);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

function verify(input: Partial<VerifyAuthenticationInput> & { raw: Buffer }) {
  return verifyAuthentication({
    clientIp: ALLOWED_IP,
    helo: "mx.example.test",
    mailFrom: "alice@example.test",
    receivingHost: "mx.mailwright.test",
    resolver,
    ...input,
  });
}

describe("verifyAuthentication", () => {
  it("passes DMARC for mail with aligned DKIM and SPF, and writes the header to prepend", async () => {
    const verdict = await verify({ raw: await signed(message("alice@example.test")) });

    expect(verdict).toMatchObject({ spf: "pass", dkim: "pass", dmarc: "pass", arc: "none", dmarcPolicy: "reject", isDmarcReject: false, fromDomain: "example.test" });
    expect(verdict.header).toMatch(/^Received-SPF: pass [^\r\n]*(\r\n [^\r\n]*)*\r\nAuthentication-Results: mx\.mailwright\.test;\r\n/);
    expect(verdict.header).toContain("dkim=pass header.i=@example.test header.s=sel");
    expect(verdict.header).toContain("spf=pass");
    expect(verdict.header).toContain("dmarc=pass (p=REJECT arc=none) header.from=example.test");
    expect(verdict.header.endsWith("\r\n")).toBe(true);
    expect(verdict.header).not.toMatch(/[^\r]\n/);
  });

  it("asks to reject unsigned mail from an address the p=reject domain does not allow", async () => {
    const verdict = await verify({ raw: message("alice@example.test"), clientIp: FOREIGN_IP, helo: "spoofer.test" });
    expect(verdict).toMatchObject({ spf: "fail", dkim: "none", dmarc: "fail", dmarcPolicy: "reject", isDmarcReject: true, fromDomain: "example.test" });
  });

  it("lets a p=none domain fail DMARC without asking for a reject", async () => {
    const verdict = await verify({ raw: message("carol@lax.test"), mailFrom: "carol@lax.test", clientIp: FOREIGN_IP });
    expect(verdict).toMatchObject({ spf: "fail", dmarc: "fail", dmarcPolicy: "none", isDmarcReject: false, fromDomain: "lax.test" });
  });

  it("applies the subdomain policy to mail from a subdomain", async () => {
    const verdict = await verify({ raw: message("dave@sub.parent.test"), mailFrom: "dave@sub.parent.test", clientIp: FOREIGN_IP });
    expect(verdict).toMatchObject({ dmarc: "fail", dmarcPolicy: "reject", isDmarcReject: true, fromDomain: "sub.parent.test" });
  });

  it("does not reject for a policy still rolled out to a percentage of mail", async () => {
    const verdict = await verify({ raw: message("erin@rollout.test"), mailFrom: "erin@rollout.test", clientIp: FOREIGN_IP });
    expect(verdict).toMatchObject({ dmarc: "fail", dmarcPolicy: "quarantine", isDmarcReject: false });
  });

  it("fails DKIM for a body changed after signing", async () => {
    const original = await signed(message("alice@example.test"));
    const tampered = Buffer.from(original.toString().replace("see you tomorrow", "send the money"));
    const verdict = await verify({ raw: tampered, clientIp: FOREIGN_IP, mailFrom: "alice@example.test" });
    expect(verdict.dkim).toBe("fail");
    expect(verdict.header).toContain("body hash did not verify");
    expect(verdict).toMatchObject({ dmarc: "fail", isDmarcReject: true });
  });

  it("fails DKIM for a signed header changed after signing", async () => {
    const original = await signed(message("alice@example.test"));
    const tampered = Buffer.from(original.toString().replace("Subject: Tomorrow", "Subject: Urgent"));
    const verdict = await verify({ raw: tampered });
    expect(verdict).toMatchObject({ dkim: "fail", spf: "pass", dmarc: "pass" });
  });

  it("reports an SPF softfail for a ~all record", async () => {
    const verdict = await verify({ raw: message("frank@soft.test"), mailFrom: "frank@soft.test", clientIp: FOREIGN_IP });
    expect(verdict.spf).toBe("softfail");
  });

  it("checks the HELO name for the null reverse-path", async () => {
    const verdict = await verify({ raw: message("mailer-daemon@example.test"), mailFrom: "" });
    expect(verdict.spf).toBe("pass");
    expect(verdict.header).toContain("smtp.helo=mx.example.test");
  });

  it("says none for a domain without any records", async () => {
    const verdict = await verify({ raw: message("gina@nowhere.test"), mailFrom: "gina@nowhere.test", helo: "nowhere.test" });
    expect(verdict).toMatchObject({ spf: "none", dkim: "none", dmarc: "none", arc: "none", dmarcPolicy: null, isDmarcReject: false, fromDomain: "nowhere.test" });
  });

  it("gives temporary errors, not a hang, when the DNS server never answers", async () => {
    const silent = await startSilentDnsServer();
    try {
      const timeoutMs = 300;
      const unreachable = createDnsResolver({ servers: [silent.address], timeoutMs });
      const started = performance.now();
      const verdict = await verify({ raw: await signed(message("alice@example.test")), resolver: unreachable });
      // One question at a time for each method, each cut off at the timeout: DKIM key, SPF, DMARC.
      expect(performance.now() - started).toBeLessThan(4 * timeoutMs + 500);
      expect(verdict).toMatchObject({ spf: "temperror", dkim: "temperror", dmarc: "temperror", isDmarcReject: false });
    } finally {
      silent.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestMx } from "../../scripts/test-support/mx-fixtures.ts";
import { openSmtpDialogue } from "../../scripts/test-support/smtp-dialogue.ts";
import { principalOf, TEST_PASSWORD, uniqueName } from "../../scripts/test-support/fixtures.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { verifyDomain } from "../../lib/directory/verify-domain.ts";
import { domainVerificationRecord } from "../../lib/directory/domain-verification-record.ts";
import { createDnsResolver } from "../../lib/delivery/dns-resolver.ts";

let mx: Awaited<ReturnType<typeof startTestMx>>;
beforeAll(async () => {
  mx = await startTestMx();
});
afterAll(async () => {
  await mx?.close();
});

async function rcptReply(address: string) {
  const dialogue = await openSmtpDialogue(mx.port);
  await dialogue.command("EHLO client.sender.example");
  expect((await dialogue.command(`MAIL FROM:<${uniqueName("s")}@sender.example>`)).code).toBe(250);
  const reply = await dialogue.command(`RCPT TO:<${address}>`);
  await dialogue.command("QUIT");
  dialogue.close();
  return reply;
}

describe("MX and domain ownership", () => {
  it("refuses mail for a domain whose ownership is not proved, as relaying, until it is verified", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const domain = await createDomain(mx.db, { actor: admin, accountId: mx.accountId, name: `${uniqueName("unproved")}.test` });
    expect(domain.verifiedAt).toBeNull();
    const address = `someone@${domain.name}`;
    await createMailbox(mx.db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });

    const refused = await rcptReply(address);
    expect(refused).toEqual({ code: 554, text: expect.stringMatching(/^5\.7\.1 /) });
    expect((await mx.rejectsFor(address)).map((event) => event.reasonKey)).toEqual(["relay_denied"]);

    const record = domainVerificationRecord(domain);
    mx.dns.set({ [record.name]: { TXT: [record.value] } });
    const resolver = createDnsResolver({ servers: [mx.dns.address], timeoutMs: 2_000, cacheMs: 0 });
    await expect(verifyDomain(mx.db, { actor: admin, resolver, domainId: domain.id })).resolves.toMatchObject({ isVerified: true });
    expect((await rcptReply(address)).code).toBe(250);
  });
});

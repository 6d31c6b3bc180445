import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { startTestSending } from "../../scripts/test-support/sending-fixtures.ts";
import { principalOf } from "../../scripts/test-support/fixtures.ts";
import { suspendAccount } from "../../lib/directory/suspend-account.ts";
import { resumeAccount } from "../../lib/directory/resume-account.ts";

let sending: Awaited<ReturnType<typeof startTestSending>>;
beforeAll(async () => {
  sending = await startTestSending();
});
afterAll(async () => {
  await sending?.close();
});

/** Connects over implicit TLS and authenticates as the fixture's alice; resolves true or rejects with the server's answer. */
async function authenticateAlice(): Promise<true> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: sending.smtpsPort,
    secure: true,
    auth: { user: `alice@${sending.domain}`, pass: sending.password },
    tls: { rejectUnauthorized: false }, // the test's self-signed certificate
  });
  try {
    return await transport.verify();
  } finally {
    transport.close();
  }
}

describe("SMTP submission AUTH of a suspended account", () => {
  it("fails with 535 while the account is suspended (its mail still arriving), and succeeds again once it is resumed", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const { accountId } = await sending.db.mailbox.findUniqueOrThrow({ where: { id: sending.ids.alice }, select: { accountId: true } });
    await expect(authenticateAlice()).resolves.toBe(true);

    await suspendAccount(sending.db, { actor: admin, accountId });
    await expect(authenticateAlice()).rejects.toMatchObject({ code: "EAUTH", responseCode: 535 });
    // Its mail is still accepted by the MX and stored.
    const mx = nodemailer.createTransport({ host: "127.0.0.1", port: sending.mxPort, secure: false, ignoreTLS: true });
    const info = await mx.sendMail({ from: `bob@${sending.domain}`, to: `alice@${sending.domain}`, subject: "while suspended", text: "Still delivered." });
    mx.close();
    expect(info.accepted).toEqual([`alice@${sending.domain}`]);
    expect((await sending.messagesIn(sending.ids.alice)).map((raw) => raw.toString()).join("\n")).toContain("Subject: while suspended");

    await resumeAccount(sending.db, { actor: admin, accountId });
    await expect(authenticateAlice()).resolves.toBe(true);
  });
});

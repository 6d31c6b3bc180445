// "Allow this sender" end to end through the MX (daemons/smtp/mx-server.ts): the recipient's allow
// list comes before the account's block list and the spam score, for that recipient only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { startTestMx } from "../../scripts/test-support/mx-fixtures.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { allowSender } from "./allow-sender.ts";

let mx: Awaited<ReturnType<typeof startTestMx>>;

beforeAll(async () => {
  mx = await startTestMx();
});
afterAll(async () => {
  await mx.close();
});

function message(): Buffer {
  const date = new Date().toUTCString().replace("GMT", "+0000");
  return Buffer.from(`From: <pest@blocked.example>\r\nTo: <x@example.test>\r\nSubject: Still here\r\nDate: ${date}\r\nMessage-ID: <${uniqueName("m")}@sender.example>\r\n\r\nHello.\r\n`);
}

/** The MX's reply code for one message, through nodemailer as a real sender. */
async function send(from: string, to: string): Promise<number> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: mx.port, name: "client.sender.example", ignoreTLS: true });
  try {
    return Number((await transport.sendMail({ envelope: { from, to: [to] }, raw: message() })).response.slice(0, 3));
  } catch (error) {
    return (error as { responseCode?: number }).responseCode ?? 0;
  } finally {
    transport.close();
  }
}

describe("the MX and the allow list", () => {
  it("lets an allowed sender past the account's block list, for that recipient only", async () => {
    const alice = `alice@${mx.domain}`;
    const bob = `bob@${mx.domain}`;
    expect(await send("pest@blocked.example", alice)).toBe(550);
    await allowSender(mx.db, { actor: (await loadPrincipal(mx.db, mx.ids.alice))!, mailboxId: mx.ids.alice, address: "Pest@Blocked.Example" });
    const before = (await mx.messagesIn(mx.ids.alice, "INBOX")).length;
    expect(await send("pest@blocked.example", alice)).toBe(250);
    expect((await mx.messagesIn(mx.ids.alice, "INBOX")).length).toBe(before + 1);
    expect(await send("pest@blocked.example", bob)).toBe(550);
    expect((await mx.rejectsFor(bob)).map((r) => r.reasonKey)).toEqual(["blocked_sender"]);
  });

  it("lets an allowed sender past the spam score, into the INBOX rather than Junk", async () => {
    const dave = `dave@${mx.domain}`; // refuses everything as spam
    const sender = `${uniqueName("friend")}@sender.example`;
    expect(await send(sender, dave)).toBe(550);
    await allowSender(mx.db, { actor: (await loadPrincipal(mx.db, mx.ids.dave))!, mailboxId: mx.ids.dave, address: sender });
    const before = (await mx.messagesIn(mx.ids.dave, "INBOX")).length;
    expect(await send(sender, dave)).toBe(250);
    expect((await mx.messagesIn(mx.ids.dave, "INBOX")).length).toBe(before + 1);
  });
});

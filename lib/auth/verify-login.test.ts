import { describe, expect, it } from "vitest";
import { verifyLogin, type VerifyLoginInput } from "./verify-login.ts";
import { openDb } from "../db.ts";
import { configuredDatabaseTarget } from "../database-url.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "./principal.ts";
import { TEST_LIMITS, TEST_PASSWORD, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

const T0 = new Date("2026-11-29T10:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function attempt(input: Partial<VerifyLoginInput> & { address: string }) {
  return testDb().then((db) =>
    verifyLogin(db, { password: TEST_PASSWORD, ip: uniqueName("ip"), protocol: "imap", limits: TEST_LIMITS, now: T0, ...input }),
  );
}

async function freshMailbox(): Promise<string> {
  const address = `${uniqueName("login")}@example.test`;
  await createMailbox(await testDb(), { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
  return address;
}

describe("verifyLogin", () => {
  it("returns the principal for the right password, whatever the address's case", async () => {
    const principal = await attempt({ address: "Manager@Example.TEST" });
    expect(principal).toMatchObject({ kind: "mailbox", address: "manager@example.test", accessLevel: "FULL_MANAGEMENT", role: null });
  });

  it("gives one generic error for a wrong password, an unknown address and a malformed one", async () => {
    for (const input of [
      { address: "alice@example.test", password: "wrong password" },
      { address: "nobody@example.test" },
      { address: "not an address" },
    ]) {
      await expect(attempt(input)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS", message: "Wrong address or password." });
    }
  });

  it("refuses a disabled mailbox with the same generic error", async () => {
    const address = await freshMailbox();
    const db = await testDb();
    await db.mailbox.updateMany({ where: { localPart: address.split("@")[0] }, data: { isDisabled: true } });
    await expect(attempt({ address })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("locks an address after 10 failures in 15 minutes, says for how long, and refuses even the right password", async () => {
    const address = await freshMailbox();
    for (let i = 1; i <= 9; i++) {
      await expect(attempt({ address, password: "wrong", now: minutes(i) })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    // The 10th failure (from yet another IP: the lock is per address) locks.
    await expect(attempt({ address, password: "wrong", now: minutes(10) })).rejects.toMatchObject({
      code: "LOCKED_OUT",
      details: { retryAfterSeconds: 900 },
    });
    await expect(attempt({ address, now: minutes(20) })).rejects.toMatchObject({
      code: "LOCKED_OUT",
      message: "Too many failed sign-in attempts. Try again in 5 minutes.",
      details: { retryAfterSeconds: 300 },
    });
    // The lock expires after 15 minutes; the right password then works.
    await expect(attempt({ address, now: minutes(25) })).resolves.toMatchObject({ address });
  });

  it("forgets failures older than the window", async () => {
    const address = await freshMailbox();
    for (let i = 0; i < 9; i++) await expect(attempt({ address, password: "wrong", now: minutes(i) })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    // 16 minutes after the first failure the window has passed: this failure starts a new count.
    await expect(attempt({ address, password: "wrong", now: minutes(16) })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(attempt({ address, now: minutes(17) })).resolves.toMatchObject({ address });
  });

  it("a success clears the address's failures", async () => {
    const address = await freshMailbox();
    for (let i = 0; i < 9; i++) await attempt({ address, password: "wrong" }).catch(() => undefined);
    await attempt({ address });
    await expect(attempt({ address, password: "wrong" })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("locks a client IP that tries many addresses", async () => {
    const ip = uniqueName("scanner");
    for (let i = 0; i < TEST_LIMITS.maxFailuresPerIp - 1; i++) {
      await expect(attempt({ address: `${uniqueName("guess")}@example.test`, ip })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    await expect(attempt({ address: "nobody@example.test", ip })).rejects.toMatchObject({ code: "LOCKED_OUT" });
    // Even a real mailbox with its right password is refused from that IP...
    await expect(attempt({ address: "bob@example.test", ip })).rejects.toMatchObject({ code: "LOCKED_OUT" });
    // ...but not from elsewhere.
    await expect(attempt({ address: "bob@example.test" })).resolves.toMatchObject({ address: "bob@example.test" });
  });

  it("keeps a lock across a restart (a new database client)", async () => {
    const address = await freshMailbox();
    for (let i = 0; i < TEST_LIMITS.maxFailures; i++) await attempt({ address, password: "wrong" }).catch(() => undefined);
    const restarted = await openDb(configuredDatabaseTarget());
    try {
      await expect(
        verifyLogin(restarted, { address, password: TEST_PASSWORD, ip: "198.51.100.7", protocol: "pop3", limits: TEST_LIMITS, now: minutes(1) }),
      ).rejects.toMatchObject({ code: "LOCKED_OUT" });
    } finally {
      await restarted.$disconnect();
    }
  });
});

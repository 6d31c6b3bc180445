import { randomBytes } from "node:crypto";
import { expect, signIn, test } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { verifyPassword } from "../lib/auth/password.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";

const uniqueLocalPart = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

test("a manager creates a mailbox with a welcome message and sets its LDAP password", async ({ page }) => {
  const localPart = uniqueLocalPart("newbie");
  const address = `${localPart}@example.test`;
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto("/manager");
  await page.getByTestId("manage-mailboxes").click();
  await expect(page.getByRole("heading", { name: "Mailboxes", level: 1 })).toBeVisible();

  const create = page.getByTestId("create-mailbox-form");
  await create.getByLabel("Address").fill(localPart);
  await create.getByLabel("Domain").selectOption("example.test");
  await create.getByLabel("Name (optional)").fill("New Person");
  await create.getByLabel("Password (at least 10 characters)").fill("short");
  await create.getByLabel("Password again").fill("short");
  await create.getByRole("button", { name: "Create mailbox" }).click();
  await expect(create.getByTestId("form-error")).toContainText("at least 10 characters");

  await expect(create.getByLabel("Address")).toHaveValue(localPart); // a refused form keeps what was typed
  await create.getByLabel("Password (at least 10 characters)").fill("a brand new password");
  await create.getByLabel("Password again").fill("a brand new password");
  await create.getByLabel("Welcome message (optional)").fill("Willkommen, New Person!\nYour IMAP server is imap.example.test.");
  await create.getByRole("button", { name: "Create mailbox" }).click();
  await expect(create.getByTestId("form-success")).toHaveText("The mailbox has been created.");

  await page.getByLabel("Search").fill(localPart);
  await page.getByRole("button", { name: "Show" }).click();
  const row = page.locator(`[data-testid="mailbox-row"][data-address="${address}"]`);
  await expect(row).toContainText("New Person");
  await expect(page.getByTestId("mailbox-row")).toHaveCount(1);

  await row.getByLabel(`Action for ${address}`).selectOption("ldap");
  const ldapForm = row.getByTestId("ldap-password-form");
  await ldapForm.getByLabel("LDAP password (at least 10 characters)").fill("a brand new password");
  await ldapForm.getByLabel("LDAP password again").fill("a brand new password");
  await ldapForm.getByRole("button", { name: "Set LDAP password" }).click();
  await expect(ldapForm.getByTestId("form-error")).toHaveText("The LDAP password must differ from the mail password.");
  await ldapForm.getByLabel("LDAP password (at least 10 characters)").fill("address book secret");
  await ldapForm.getByLabel("LDAP password again").fill("address book secret");
  await ldapForm.getByRole("button", { name: "Set LDAP password" }).click();
  await expect(ldapForm.getByTestId("form-success")).toHaveText("The LDAP password has been set.");

  const stored = await withE2eDatabase((db) => db.mailbox.findFirstOrThrow({ where: { localPart, domain: { name: "example.test" } } }));
  expect(stored).toMatchObject({ displayName: "New Person", accessLevel: "SELF", deletedAt: null });
  // The welcome message went through the store into the new mailbox's INBOX, from the manager.
  const welcome = await withE2eDatabase((db) => db.message.findMany({ where: { folder: { mailboxId: stored.id, name: "INBOX" } } }));
  expect(welcome).toHaveLength(1);
  expect(welcome[0]).toMatchObject({ subject: "Welcome to your new mailbox", fromAddress: "manager@example.test", preview: expect.stringContaining("Willkommen, New Person!") });
  expect(await verifyPassword(stored.ldapPasswordHash!, "address book secret")).toBe(true);
  expect(await verifyPassword(stored.passwordHash, "a brand new password")).toBe(true);
  await page.reload();
  await expect(row).toContainText("LDAP password set");

  // Phone width: the row's address, quota bar and Action select fit without scrolling sideways.
  await page.setViewportSize({ width: 375, height: 740 });
  for (const part of [row.getByText(address, { exact: true }), row.getByRole("progressbar").first(), row.getByLabel(`Action for ${address}`)]) {
    await expect(part).toBeVisible();
    const box = (await part.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
});

test("a SELF mailbox can open neither the mailboxes page nor post another mailbox's action", async ({ page, browser }) => {
  const victimLocalPart = uniqueLocalPart("victim");
  const victimAddress = `${victimLocalPart}@example.test`;
  const { victimId, accountId } = await withE2eDatabase(async (db) => {
    const victim = await createMailbox(db, { actor: SYSTEM_ACTOR, address: victimAddress, password: "victim password 1" });
    return { victimId: victim.id, accountId: victim.accountId };
  });

  // The manager disables the victim; the request is kept to be replayed by alice.
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto(`/manager/mailboxes?q=${victimLocalPart}`);
  const row = page.locator(`[data-testid="mailbox-row"][data-address="${victimAddress}"]`);
  await row.getByLabel(`Action for ${victimAddress}`).selectOption("disable");
  const actionRequest = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await row.getByTestId("disable-form").getByRole("button", { name: "Disable" }).click();
  const captured = await actionRequest;
  await expect(row.getByTestId("disable-form").getByTestId("form-success")).toBeVisible();
  const isDisabledNow = () => withE2eDatabase(async (db) => (await db.mailbox.findUniqueOrThrow({ where: { id: victimId } })).isDisabled);
  expect(await isDisabledNow()).toBe(true);
  await withE2eDatabase((db) => db.mailbox.update({ where: { id: victimId }, data: { isDisabled: false } }));

  const aliceContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  try {
    const alice = await aliceContext.newPage();
    await signIn(alice, "alice@example.test");
    await expect(alice.getByTestId("signed-in-as")).toHaveText("alice@example.test");
    for (const url of ["/manager/mailboxes", `/manager/mailboxes?account=${accountId}`, `/manager/mailboxes?q=${victimLocalPart}`]) {
      const response = await alice.goto(url);
      expect(response?.status()).toBe(403);
      await expect(alice.getByTestId("forbidden")).toBeVisible();
      await expect(alice.getByTestId("mailbox-table")).toHaveCount(0);
    }

    // The same server action, posted with alice's session and the victim's id.
    const headers = captured.headers();
    const replay = await alice.request.post(captured.url(), {
      headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"]!, accept: headers["accept"] ?? "text/x-component", ...(headers["next-router-state-tree"] ? { "next-router-state-tree": headers["next-router-state-tree"] } : {}) },
      data: captured.postDataBuffer()!,
    });
    expect(replay.status()).toBe(403);
    expect(await isDisabledNow()).toBe(false);
    // and the victim's audit trail shows the manager's change only
    const actors = await withE2eDatabase((db) => db.auditEvent.findMany({ where: { targetId: victimId, action: "mailbox.disable" } }));
    expect(actors.map((event) => event.actorAddress)).toEqual(["manager@example.test"]);
  } finally {
    await aliceContext.close();
  }
});

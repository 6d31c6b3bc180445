import { randomBytes } from "node:crypto";
import { E2E_PASSWORD, expect, signIn, test } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";

test("a private page sends an anonymous visitor to the sign-in page", async ({ page }) => {
  await page.goto("/mailbox");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in to Mailwright" })).toBeVisible();
});

test("the manager signs in, sees the account, and signs out, and the old session cookie stays dead", async ({ page, browser }) => {
  await signIn(page, "manager@example.test");
  await expect(page).toHaveURL(/\/mailbox$/);
  await expect(page.getByTestId("mailbox-address")).toHaveText("manager@example.test");
  await expect(page.getByText("of 1.0 GiB used")).toBeVisible();

  await page.getByRole("navigation").getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Example Co", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: "alice@example.test" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "admin@mailwright.test" })).toHaveCount(0);

  const signedInCookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/mailbox");
  await expect(page).toHaveURL(/\/login/);

  // A copy of the cookie from before the sign-out (a request in flight renews it, say) is refused.
  const replay = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await replay.addCookies(signedInCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/mailbox");
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});

test("public files need no session", async ({ request }) => {
  const response = await request.get("/favicon.svg", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
});

test("a wrong password gets a generic error", async ({ page }) => {
  await signIn(page, "bob@example.test", "not the password");
  await expect(page.getByTestId("form-error")).toHaveText("Wrong address or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("a SELF mailbox sees no Account area and gets a 403 that says why", async ({ page }) => {
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("alice@example.test");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Account", exact: true })).toHaveCount(0);

  const response = await page.goto("/manager");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("Your mailbox has Self access");
});

test("staff see every account", async ({ page }) => {
  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("admin@mailwright.test");
  await page.goto("/manager");
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: "bob@example.test" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "admin@mailwright.test" })).toBeVisible();
});

test("after ten wrong passwords the address is locked, with the time left", async ({ page }) => {
  for (let i = 1; i <= 9; i++) {
    await signIn(page, "locked-out@example.test", `wrong ${i}`);
    await expect(page.getByTestId("form-error")).toHaveText("Wrong address or password.");
  }
  await signIn(page, "locked-out@example.test", "wrong 10");
  await expect(page.getByTestId("form-error")).toHaveText("Too many failed sign-in attempts. Try again in 15 minutes.");
});

test("a mailbox changes its own password", async ({ page }) => {
  // A mailbox of its own: the demo mailboxes keep the password every other test signs in with.
  const address = `changer-${randomBytes(4).toString("hex")}@example.test`;
  await withE2eDatabase((db) => createMailbox(db, { actor: SYSTEM_ACTOR, address, password: E2E_PASSWORD }));
  await signIn(page, address);
  await page.getByLabel("Current password").fill("wrong current");
  await page.getByLabel("New password (at least 10 characters)").fill("a new password of mine");
  await page.getByLabel("New password again").fill("a new password of mine");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("The current password is wrong.");

  await page.getByLabel("Current password").fill(E2E_PASSWORD);
  await page.getByLabel("New password (at least 10 characters)").fill("a new password of mine");
  await page.getByLabel("New password again").fill("a new password of mine");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Your password has been changed.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, address, "a new password of mine");
  await expect(page.getByTestId("mailbox-address")).toHaveText(address);
});

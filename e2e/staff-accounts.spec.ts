import { randomBytes } from "node:crypto";
import { expect, signIn, test } from "./fixtures/test.ts";

const PASSWORD = "a first manager password";

test("staff create an account with its manager, suspend it (its session ends, its sign-in fails), audit it and resume it", async ({ page, browser }) => {
  const name = `e2e-${randomBytes(4).toString("hex")}`;
  const manager = `boss@${name}.test`;

  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("admin@mailwright.test");
  await page.goto("/staff/accounts");
  await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  const form = page.getByTestId("create-account-form");
  await form.getByLabel("Account name").fill(name);
  await form.getByLabel("Display name").fill("E2E Co");
  await form.getByLabel("First mailbox").fill(manager);
  await form.getByLabel("Its password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByTestId("form-success")).toHaveText(`Created ${name} with ${manager} as its manager.`);
  const row = page.getByTestId(`account-row-${name}`);
  await expect(row).toContainText(`${name}.test`);
  await expect(row.getByTestId("account-state")).toContainText("Active");

  // The new manager signs in, in a browser of their own, and manages the account.
  const managerContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const managerPage = await managerContext.newPage();
  await signIn(managerPage, manager, PASSWORD);
  await expect(managerPage.getByTestId("mailbox-address")).toHaveText(manager);
  await managerPage.goto("/manager/audit");
  await expect(managerPage.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(managerPage.getByTestId("audit-row")).toHaveCount(3); // account, domain, mailbox created
  await expect(managerPage.getByLabel("Account")).toHaveCount(0); // no account filter for a manager

  await page.goto(`/staff/accounts?q=${name}`);
  await row.getByRole("button", { name: `Suspend ${name}` }).click();
  await expect(row.getByTestId("account-state")).toContainText("Suspended since");

  await managerPage.goto("/mailbox");
  await expect(managerPage).toHaveURL(/\/login/);
  await signIn(managerPage, manager, PASSWORD);
  await expect(managerPage.getByTestId("form-error")).toHaveText("Wrong address or password.");

  await row.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/manager\/audit\?account=/);
  const newest = page.getByTestId("audit-row").first();
  await expect(newest).toContainText("account.suspend");
  await expect(newest).toContainText("admin@mailwright.test");
  await expect(newest.getByTestId("audit-ip")).not.toHaveText("—");
  await page.getByLabel("Action starts with").fill("domain.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  await expect(page.getByTestId("audit-row")).toContainText(`${name}.test`);

  await page.goto(`/staff/accounts?q=${name}`);
  await row.getByRole("button", { name: `Resume ${name}` }).click();
  await expect(row.getByTestId("account-state")).toContainText("Active");
  // The session from before the suspension stays over: resuming brings back sign-in, not sessions.
  await managerPage.goto("/mailbox");
  await expect(managerPage).toHaveURL(/\/login/);
  await managerContext.close();
  const laterContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const laterPage = await laterContext.newPage();
  await signIn(laterPage, manager, PASSWORD);
  await expect(laterPage.getByTestId("mailbox-address")).toHaveText(manager);
  await laterContext.close();
});

test("a manager gets a 403 on the staff account list", async ({ page }) => {
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("manager@example.test");
  const response = await page.goto("/staff/accounts");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
});

test("staff view an account read-only: the customer's pages, no changes, an audit entry at start and end", async ({ page }) => {
  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("admin@mailwright.test");
  await page.goto("/staff/accounts?q=example");
  const row = page.getByTestId("account-row-example");
  await row.getByRole("button", { name: "View example read-only" }).click();

  await expect(page).toHaveURL(/\/manager$/);
  const banner = page.getByTestId("view-as-banner");
  await expect(banner).toContainText("Read-only view of manager@example.test's pages (you are admin@mailwright.test)");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await expect(page.getByRole("heading", { name: "Example Co", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Queue" })).toHaveCount(0); // no staff powers in the view

  await page.goto("/manager/mailboxes");
  await expect(page.getByRole("cell", { name: "alice@example.test" })).toBeVisible();
  // Every write is refused while viewing: a form post straight to a Manager page gets a 403.
  const write = await page.request.post("/manager/mailboxes", { form: { mailboxId: "any", action: "disable" }, maxRedirects: 0 });
  expect(write.status()).toBe(403);
  expect(await write.text()).toContain("read-only view");
  // Staff pages are not part of the customer's view.
  expect((await page.goto("/staff/accounts"))?.status()).toBe(403);

  await page.goto("/manager");
  await page.getByRole("link", { name: "End view" }).first().click();
  await expect(page).toHaveURL(/\/staff\/accounts$/);
  await expect(page.getByTestId("view-as-banner")).toHaveCount(0);
  await expect(page.getByTestId("signed-in-as")).toHaveText("admin@mailwright.test");

  await page.goto("/staff/accounts?q=example");
  await row.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action starts with").fill("staff.view-as");
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("staff.view-as.end");
  await expect(rows.nth(1)).toContainText("staff.view-as.start");
  await expect(rows.nth(1)).toContainText("admin@mailwright.test");
});

import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures/test.ts";

// The browser is in Berlin: a mailbox that never chose a zone is offered that one.
test.use({ timezoneId: "Europe/Berlin" });

const general = (page: Page) => page.getByRole("form", { name: "General settings" });
const vacation = (page: Page) => page.getByRole("form", { name: "Vacation reply" });

async function openSettings(page: Page, address: string) {
  await signIn(page, address);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto("/mail/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
}

test("alice saves her settings and a vacation reply; a reload shows them; bad input changes nothing; bob sees only his own", async ({ page, browser }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openSettings(page, "alice@example.test");
  await expect(general(page).getByLabel("Time zone")).toHaveValue("Europe/Berlin");

  await general(page).getByLabel("Display name").fill("Alice Away");
  await general(page).getByLabel("Signature").fill("-- \nAlice\nExample Co");
  await general(page).getByLabel("Time zone").fill("America/New_York");
  await general(page).getByLabel("Dark").check();
  await general(page).getByRole("button", { name: "Save settings" }).click();
  await expect(general(page).getByTestId("form-success")).toHaveText("Settings saved.");

  await vacation(page).getByLabel("Send an automatic reply while I am away").check();
  await vacation(page).getByLabel("First day").fill("2030-07-01");
  await vacation(page).getByLabel("Last day").fill("2030-07-14");
  await vacation(page).getByLabel("Subject").fill("Out of office");
  await vacation(page).getByLabel("Message").fill("I am hiking until the 14th.");
  await vacation(page).getByLabel("Days between replies to the same sender").fill("3");
  await vacation(page).getByRole("button", { name: "Save vacation reply" }).click();
  await expect(vacation(page).getByTestId("form-success")).toHaveText("Vacation reply on.");

  // At 390 px nothing needs a horizontal scroll.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.reload();
  await expect(general(page).getByLabel("Display name")).toHaveValue("Alice Away");
  await expect(general(page).getByLabel("Signature")).toHaveValue("-- \nAlice\nExample Co");
  await expect(general(page).getByLabel("Time zone")).toHaveValue("America/New_York");
  await expect(general(page).getByLabel("Dark")).toBeChecked();
  await expect(vacation(page).getByLabel("Send an automatic reply while I am away")).toBeChecked();
  await expect(vacation(page).getByLabel("First day")).toHaveValue("2030-07-01");
  await expect(vacation(page).getByLabel("Last day")).toHaveValue("2030-07-14");
  await expect(vacation(page).getByLabel("Subject")).toHaveValue("Out of office");
  await expect(vacation(page).getByLabel("Message")).toHaveValue("I am hiking until the 14th.");
  await expect(vacation(page).getByLabel("Days between replies to the same sender")).toHaveValue("3");

  // A last day before the first: refused, named, nothing saved.
  await vacation(page).getByLabel("First day").fill("2030-08-10");
  await vacation(page).getByLabel("Last day").fill("2030-08-01");
  await vacation(page).getByRole("button", { name: "Save vacation reply" }).click();
  await expect(vacation(page).getByTestId("form-error")).toHaveText("Last day: the last day cannot be before the first");
  // An unknown zone, with a changed signature: refused, and the signature is not saved either.
  await general(page).getByLabel("Signature").fill("changed");
  await general(page).getByLabel("Time zone").fill("Mars/Olympus");
  await general(page).getByRole("button", { name: "Save settings" }).click();
  await expect(general(page).getByTestId("form-error")).toHaveText('Time zone: "Mars/Olympus" is not a known time zone');
  await page.reload();
  await expect(vacation(page).getByLabel("First day")).toHaveValue("2030-07-01");
  await expect(vacation(page).getByLabel("Last day")).toHaveValue("2030-07-14");
  await expect(general(page).getByLabel("Time zone")).toHaveValue("America/New_York");
  await expect(general(page).getByLabel("Signature")).toHaveValue("-- \nAlice\nExample Co");

  // Bob, in his own session, sees his own (default) settings, none of alice's.
  const bobContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, timezoneId: "Asia/Tokyo" });
  const bobPage = await bobContext.newPage();
  await openSettings(bobPage, "bob@example.test");
  await expect(general(bobPage).getByLabel("Signature")).toHaveValue("");
  await expect(general(bobPage).getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await expect(general(bobPage).getByLabel("Same as the device")).toBeChecked();
  await expect(vacation(bobPage).getByLabel("Send an automatic reply while I am away")).not.toBeChecked();
  await expect(vacation(bobPage).getByLabel("Message")).toHaveValue("");
  await expect(bobPage.getByText("Alice Away")).toHaveCount(0);
  await bobContext.close();

  // Put alice's theme back, so other specs see the webmail as they expect.
  await general(page).getByLabel("Same as the device").check();
  await general(page).getByRole("button", { name: "Save settings" }).click();
  await expect(general(page).getByTestId("form-success")).toHaveText("Settings saved.");
});

test("the search API answers only the signed-in mailbox, and a bad query with 400 and its reason", async ({ page }) => {
  await signIn(page, "bob@example.test");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  const bad = await page.request.get("/api/mail/search?q=is:bogus");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/is: takes unread, read, flagged or answered/);
  const tooLong = await page.request.get(`/api/mail/search?q=${"a".repeat(10_000)}`);
  expect(tooLong.status()).toBe(400);
  const all = await page.request.get("/api/mail/search?q=&limit=200");
  expect(all.status()).toBe(200);
  const body = (await all.json()) as { total: number; rows: { folderId: string }[] };
  expect(body.total).toBe(body.rows.length);
  // a folder id that is not one of bob's is not found (the unit tests use another mailbox's real folder)
  const foreign = await page.request.get("/api/mail/search?folder=not-a-folder-of-bob");
  expect(foreign.status()).toBe(404);
});

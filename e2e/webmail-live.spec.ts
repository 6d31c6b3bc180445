// The webmail as a live client: mail arriving through our MX shows up in an open tab, actions
// can be undone, the keyboard works, and the search box takes operators.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect, signIn } from "./fixtures/test.ts";
import { startE2eMx, type E2eMx } from "./fixtures/e2e-mx.ts";

const tag = randomBytes(4).toString("hex");
let mx: E2eMx | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  mx = await startE2eMx();
});

test.afterAll(async () => {
  await mx?.stop();
});

async function openMail(page: Page, address = "bob@example.test") {
  await signIn(page, address);
  await page.waitForURL(/\/mailbox/);
  await page.goto("/mail");
  await expect(page.getByRole("navigation", { name: "Folders" })).toBeVisible();
}

const row = (page: Page, subject: string) => page.getByTestId("message-row").filter({ hasText: subject });

test("new mail appears in an open tab without a reload", async ({ page }) => {
  await openMail(page);
  const subject = `Live arrival ${tag}`;
  await expect(row(page, subject)).toHaveCount(0);
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
  await mx!.send({ to: "bob@example.test", subject, text: "Hello live." });
  await expect(row(page, subject)).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("button", { name: /^Inbox, \d+ unread$/ })).toBeVisible();
  expect(navigations).toEqual([]); // no reload happened
});

test("delete with the keyboard, then undo; report spam moves to Junk", async ({ page }) => {
  const first = `Keyboard one ${tag}`;
  const second = `Keyboard two ${tag}`;
  await mx!.send({ to: "bob@example.test", subject: first, text: "one" });
  await mx!.send({ to: "bob@example.test", subject: second, text: "two" });
  await openMail(page);
  await row(page, second).click();
  await expect(page.getByRole("heading", { level: 2, name: second })).toBeVisible();
  // j opens the next (older) message, k goes back.
  await page.keyboard.press("j");
  await expect(page.getByRole("heading", { level: 2, name: first })).toBeVisible();
  await page.keyboard.press("k");
  await expect(page.getByRole("heading", { level: 2, name: second })).toBeVisible();

  await page.keyboard.press("#");
  await expect(page.getByTestId("undo-toast")).toContainText("Moved to Trash");
  await expect(row(page, second)).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: first })).toBeVisible(); // the next one opened
  await page.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).click();
  await expect(row(page, second)).toBeVisible();

  await row(page, first).click();
  await page.getByRole("toolbar", { name: "Message actions" }).getByRole("button", { name: "Report spam" }).click();
  await expect(page.getByTestId("undo-toast")).toContainText("Moved to Junk");
  await page.getByRole("button", { name: /^Junk/ }).click();
  await expect(row(page, first)).toBeVisible();

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
});

test("the search box takes operators, and says what is wrong with a bad one", async ({ page }) => {
  const report = `Quarterly report ${tag}`;
  await mx!.send({ to: "bob@example.test", subject: report, text: "numbers", attachments: [{ filename: "q.csv", content: "a,b\n1,2\n" }] });
  await mx!.send({ to: "bob@example.test", subject: `Lunch ${tag}`, text: "sandwiches" });
  await openMail(page);
  await expect(row(page, report)).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search mail" })).toBeFocused();
  await page.keyboard.type(`subject:"report ${tag}" has:attachment`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByTestId("message-row")).toHaveCount(1);
  await expect(row(page, report)).toBeVisible();

  await page.getByRole("searchbox", { name: "Search mail" }).fill(`from:nobody@nowhere.example ${tag}`);
  await page.keyboard.press("Enter");
  await expect(page.getByText("No message matches this search.")).toBeVisible();

  await page.getByRole("searchbox", { name: "Search mail" }).fill("is:bogus");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("search-error")).toContainText("is:");

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(row(page, `Lunch ${tag}`)).toBeVisible();
});

test("“always show images from this sender” loads them at once in the sender's later mail, and only theirs", async ({ page }) => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  const remote: string[] = [];
  await page.route("http://remote.invalid/**", (route) => {
    remote.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/png", body: png });
  });
  const html = (name: string) => `<p>News</p><img src="http://remote.invalid/${name}.png" alt="${name}">`;
  await mx!.send({ to: "bob@example.test", subject: `Images one ${tag}`, text: "one", html: html(`one-${tag}`) });
  await mx!.send({ to: "bob@example.test", subject: `Images two ${tag}`, text: "two", html: html(`two-${tag}`) });
  await mx!.send({ to: "bob@example.test", from: "Dan Other <dan@sender.example>", subject: `Images three ${tag}`, text: "three", html: html(`three-${tag}`) });
  await openMail(page);

  await row(page, `Images one ${tag}`).click();
  await expect(page.getByText("Remote images are blocked (1)")).toBeVisible();
  expect(remote).toEqual([]);
  await page.getByRole("button", { name: "Always from carol@sender.example" }).click();
  await expect.poll(() => remote).toEqual([`http://remote.invalid/one-${tag}.png`]);

  await row(page, `Images two ${tag}`).click();
  await expect(page.getByRole("heading", { level: 2, name: `Images two ${tag}` })).toBeVisible();
  await expect.poll(() => remote).toContain(`http://remote.invalid/two-${tag}.png`);
  await expect(page.getByText("Remote images are blocked")).toHaveCount(0);

  // Another sender still asks first.
  await row(page, `Images three ${tag}`).click();
  await expect(page.getByText("Remote images are blocked (1)")).toBeVisible();
  expect(remote.some((url) => url.includes(`three-${tag}`))).toBe(false);
});

test("folders: create, move a message in, rename, delete; Trash empties for good", async ({ page }) => {
  const subject = `Filed ${tag}`;
  await mx!.send({ to: "bob@example.test", subject, text: "to be filed" });
  await openMail(page);
  const folders = page.getByRole("navigation", { name: "Folders" });
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByRole("textbox", { name: "New folder name" }).fill(`Projects ${tag}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(folders.getByRole("button", { name: `Projects ${tag}` })).toHaveAttribute("aria-current", "page");

  await folders.getByRole("button", { name: /^Inbox/ }).click();
  await row(page, subject).click();
  await page.getByRole("combobox", { name: "Move to folder" }).selectOption({ label: `Projects ${tag}` });
  await expect(page.getByTestId("undo-toast")).toContainText(`Moved to Projects ${tag}`);
  await expect(row(page, subject)).toHaveCount(0);

  await folders.getByRole("button", { name: `Projects ${tag}` }).click();
  await expect(row(page, subject)).toBeVisible();
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByRole("textbox", { name: "New name" }).fill(`Clients ${tag}`);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(folders.getByRole("button", { name: `Clients ${tag}` })).toHaveAttribute("aria-current", "page");
  await expect(row(page, subject)).toBeVisible();

  // Special folders cannot be renamed: no Rename for Sent.
  await folders.getByRole("button", { name: /^Sent/ }).click();
  await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);

  await folders.getByRole("button", { name: `Clients ${tag}` }).click();
  await row(page, subject).click();
  await page.keyboard.press("#");
  await expect(page.getByTestId("undo-toast")).toContainText("Moved to Trash");
  page.once("dialog", (dialog) => dialog.accept());
  await page.locator("aside").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(folders.getByRole("button", { name: `Clients ${tag}` })).toHaveCount(0);

  await folders.getByRole("button", { name: /^Trash/ }).click();
  await expect(row(page, subject)).toBeVisible();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Empty Trash" }).click();
  await expect(page.getByText("No messages in this folder.")).toBeVisible();
});

test("tick several messages and act on all of them at once, with undo", async ({ page }) => {
  const subjects = [`Bulk A ${tag}`, `Bulk B ${tag}`, `Bulk C ${tag}`];
  for (const subject of subjects) await mx!.send({ to: "bob@example.test", subject, text: subject });
  await openMail(page);
  for (const subject of subjects.slice(0, 2)) await page.getByRole("checkbox", { name: `Select ${subject}` }).check();
  await expect(page.getByTestId("selected-count")).toHaveText("2 selected");
  await page.getByRole("toolbar", { name: "Selected messages" }).getByRole("button", { name: "Archive" }).click();
  await expect(page.getByTestId("undo-toast")).toContainText("Archived: 2 messages");
  await expect(row(page, subjects[0]!)).toHaveCount(0);
  await expect(row(page, subjects[1]!)).toHaveCount(0);
  await expect(row(page, subjects[2]!)).toBeVisible();
  await expect(page.getByRole("toolbar", { name: "Selected messages" })).toHaveCount(0);
  await page.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).click();
  await expect(row(page, subjects[0]!)).toBeVisible();
  await expect(row(page, subjects[1]!)).toBeVisible();
});

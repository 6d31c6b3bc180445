// Drag and drop in the webmail: messages (one, or the ticked ones) onto a folder move them, with
// Undo; a folder onto another nests it, onto "top level" takes it out; special folders stay put.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { startE2eMx, type E2eMx } from "./fixtures/e2e-mx.ts";
import { createE2eMailbox, openWebmail } from "./fixtures/e2e-mailbox.ts";

const tag = randomBytes(4).toString("hex");
let mx: E2eMx | undefined;
let address = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  [mx, address] = await Promise.all([startE2eMx(), createE2eMailbox(`drag-${tag}`)]);
});

test.afterAll(async () => {
  await mx?.stop();
});

const row = (page: Page, subject: string) => page.getByTestId("message-row").filter({ hasText: subject });
/** A folder's button: its label, and its unread count once mail is moved in. */
const folder = (page: Page, label: string) => page.getByRole("navigation", { name: "Folders" }).getByRole("button", { name: new RegExp(`^${label}(?:, \\d+ unread)?$`) });

/** Through the page, as the folder tools do (same origin). */
async function createFolder(page: Page, name: string, parentId?: string): Promise<string> {
  return page.evaluate(async ({ name, parentId }) => {
    const response = await fetch("/api/mail/folder-actions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ op: "create", name, parentId }) });
    return ((await response.json()) as { folderId: string }).folderId;
  }, { name, parentId });
}

async function folderNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => ((await (await fetch("/api/mail/folders")).json()) as { folders: { name: string }[] }).folders.map((f) => f.name));
}

test("messages dragged onto a folder move there, one or the ticked ones, with Undo", async ({ page }) => {
  const subjects = ["Alpha", "Beta", "Gamma"].map((word) => `${word} ${tag}`);
  for (const subject of subjects) await mx!.send({ to: address, subject, text: subject });
  await openWebmail(page, address);
  await createFolder(page, "Projects");
  await page.reload();
  for (const subject of subjects) await expect(row(page, subject)).toBeVisible();

  // One message, by hand, to see the drop highlight while it hovers.
  await row(page, subjects[0]!).hover();
  await page.mouse.down();
  await folder(page, "Projects").hover();
  await folder(page, "Projects").hover({ position: { x: 10, y: 5 } }); // a second move: dragover fires again
  await expect(folder(page, "Projects")).toHaveAttribute("data-drop-target", "true");
  await page.mouse.up();
  await expect(page.getByTestId("undo-toast")).toContainText("Moved to Projects: 1 message");
  await expect(row(page, subjects[0]!)).toHaveCount(0);
  await expect(folder(page, "Projects")).not.toHaveAttribute("data-drop-target");

  // The ticked messages go together, whichever of them is dragged.
  await page.getByRole("checkbox", { name: `Select ${subjects[1]}` }).check();
  await page.getByRole("checkbox", { name: `Select ${subjects[2]}` }).check();
  await row(page, subjects[2]!).dragTo(folder(page, "Projects"));
  await expect(page.getByTestId("undo-toast")).toContainText("Moved to Projects: 2 messages");
  await expect(row(page, subjects[1]!)).toHaveCount(0);
  await expect(row(page, subjects[2]!)).toHaveCount(0);
  await page.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).click();
  await expect(row(page, subjects[1]!)).toBeVisible();
  await expect(row(page, subjects[2]!)).toBeVisible();

  await folder(page, "Projects").click();
  await expect(row(page, subjects[0]!)).toBeVisible();
  await expect(page.getByTestId("message-row")).toHaveCount(1);
});

test("a folder dragged onto another goes inside it, onto top level comes out (or by the menu); special folders do not move", async ({ page }) => {
  await openWebmail(page, address);
  await createFolder(page, "Outer");
  await createFolder(page, "Inner");
  await page.reload();
  await expect(folder(page, "Inbox")).toHaveAttribute("draggable", "false");
  await expect(folder(page, "Trash")).toHaveAttribute("draggable", "false");
  await expect(page.getByTestId("top-level-drop")).toHaveCount(0); // nothing is nested yet

  await folder(page, "Inner").dragTo(folder(page, "Outer"));
  await expect.poll(() => folderNames(page)).toContain("Outer/Inner");
  await expect(page.getByTestId("top-level-drop")).toBeVisible();

  // Nothing happens when a folder is dropped on a special folder or into its own subfolder.
  await folder(page, "Outer").dragTo(folder(page, "Inner"));
  await folder(page, "Inner").dragTo(folder(page, "Sent"));
  expect(await folderNames(page)).toEqual(expect.arrayContaining(["Outer", "Outer/Inner"]));

  await folder(page, "Inner").dragTo(page.getByTestId("top-level-drop"));
  await expect.poll(() => folderNames(page)).toContain("Inner");
  expect(await folderNames(page)).not.toContain("Outer/Inner");
  await expect(page.getByTestId("top-level-drop")).toHaveCount(0);

  // Without a mouse: the folder tools' menu does the same.
  await folder(page, "Inner").click();
  await page.getByRole("combobox", { name: "Move folder Inner into" }).selectOption({ label: "Outer" });
  await expect.poll(() => folderNames(page)).toContain("Outer/Inner");
});

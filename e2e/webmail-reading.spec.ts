// Reading mail in the webmail: messages arrive through our own MX (started here on the e2e
// server's database and blob store), then alice reads them; hostile HTML must do nothing.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FrameLocator, Page } from "@playwright/test";
import { test, expect, signIn, switchMailbox } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { startE2eMx, type E2eMx } from "./fixtures/e2e-mx.ts";
import { clickBelowBodyFrame } from "./fixtures/click-below-body-frame.ts";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const XSS_DIR = path.resolve(import.meta.dirname, "../lib/mime/testdata/xss");
const XSS_FILES = ["script-tags.html", "event-handlers.html", "javascript-links.html", "svg.html", "css.html", "meta-base-link.html", "forms-frames.html", "remote-resources.html"];
const tag = randomBytes(4).toString("hex");
const subjects = {
  plain: `Lunch on Friday ${tag}`,
  remote: `Newsletter with a tracker ${tag}`,
  files: `Quarterly files ${tag}`,
  bobs: `Bob's private note ${tag}`,
  xss: (file: string) => `Hostile ${file} ${tag}`,
};
const attachmentBytes = randomBytes(6000);

let mx: E2eMx | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  mx = await startE2eMx();
  const send = mx.send;
  await send({ to: "alice@example.test", subject: subjects.plain, text: "Shall we meet at noon?", html: "<p>Shall we meet at <b>noon</b>?</p>" });
  await send({ to: "alice@example.test", subject: subjects.remote, text: "See the pixel.", html: '<p>Our news</p><img src="http://remote.invalid/pixel.png" alt="remote pixel" width="1" height="1">' });
  await send({
    to: "alice@example.test",
    subject: subjects.files,
    text: "Two files.",
    html: '<p>Our logo: <img src="cid:dot@e2e.test" alt="inline dot"></p>',
    attachments: [
      { filename: "dot.png", content: PNG, cid: "dot@e2e.test" },
      { filename: "report.bin", content: attachmentBytes, contentType: "application/octet-stream" },
    ],
  });
  for (const file of XSS_FILES) {
    await send({ to: "alice@example.test", subject: subjects.xss(file), text: "hostile", html: readFileSync(path.join(XSS_DIR, file), "utf8") });
  }
  await send({ to: "bob@example.test", subject: subjects.bobs, text: "for bob only" });
});

test.afterAll(async () => {
  await mx?.stop();
});

async function openMail(page: Page) {
  await signIn(page, "alice@example.test");
  await page.waitForURL(/\/mailbox/);
  await page.goto("/mail");
}

function row(page: Page, subject: string) {
  return page.getByRole("link", { name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
}

/**
 * The reading pane's frame, once the message body has loaded in it. A FrameLocator finds the iframe
 * afresh on every use, so a re-rendered reading pane (a live update can replace the iframe) does not
 * leave the test holding a detached frame.
 */
async function bodyFrame(page: Page): Promise<FrameLocator> {
  const iframe = page.locator('iframe[title="Message body"]');
  const messageId = new URL(page.url()).searchParams.get("m");
  await expect
    .poll(async () => {
      const frame = await (await iframe.elementHandle().catch(() => null))?.contentFrame();
      if (!frame || !frame.url().includes(`/messages/${messageId}/body?`)) return false;
      await frame.waitForLoadState("load");
      return !frame.isDetached();
    })
    .toBe(true);
  return iframe.contentFrame();
}

/** Runs a function in the body document (a FrameLocator has no evaluate of its own). */
function inBody<T>(frame: FrameLocator, fn: () => T): Promise<T> {
  return frame.locator("html").evaluate(fn);
}

test("alice sees a delivered message in her inbox, opens it, and it becomes read", async ({ page }) => {
  await openMail(page);
  const message = row(page, subjects.plain);
  await expect(message).toBeVisible();
  await expect(message).toHaveAccessibleName(/^Unread, Carol Sender/);
  await message.click();
  await expect(page).toHaveURL(/[?&]m=/);
  await expect(page.getByRole("heading", { name: subjects.plain })).toBeVisible();
  await expect(page.getByRole("article", { name: "Message" })).toContainText("carol@sender.example");
  const frame = await bodyFrame(page);
  await expect(frame.locator("b")).toHaveText("noon");
  // Opening it marked it seen, on the server too.
  await expect(message).toHaveAccessibleName(/^Carol Sender/);
  await page.reload();
  await expect(row(page, subjects.plain)).toHaveAccessibleName(/^Carol Sender/);
  // The frame can run nothing and has no origin of ours.
  await expect(page.locator('iframe[title="Message body"]')).toHaveAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
  // Plain text toggle shows the text part.
  await page.getByRole("button", { name: "Plain text" }).click();
  await expect((await bodyFrame(page)).locator("pre")).toHaveText("Shall we meet at noon?");
});

test("hostile HTML runs nothing and loads nothing from elsewhere", async ({ page, baseURL }) => {
  const dialogs: string[] = [];
  const foreignRequests: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === new URL(baseURL!).origin || url.startsWith("data:")) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  await openMail(page);
  for (const file of XSS_FILES) {
    await row(page, subjects.xss(file)).click();
    await expect(page.getByRole("heading", { name: subjects.xss(file) })).toBeVisible();
    const frame = await bodyFrame(page);
    await expect(frame.locator("body")).toBeAttached();
    // Nothing active made it into the frame's DOM.
    expect(await frame.locator("script, iframe, object, embed, form, meta[http-equiv], base, link").count(), file).toBe(0);
    const handlers = await inBody(frame, () => [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)));
    expect(handlers, file).toEqual([]);
    const scriptLinks = await inBody(frame, () => [...document.querySelectorAll("[href]")].map((el) => el.getAttribute("href")!).filter((href) => !/^(?:https?:|mailto:|tel:|#)/i.test(href)));
    expect(scriptLinks, file).toEqual([]);
    expect(await inBody(frame, () => (window as unknown as { __pwned?: number }).__pwned), file).toBeUndefined();
  }
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
  // The body document itself carries the policy that would stop anything the sanitiser missed.
  const messageId = new URL(page.url()).searchParams.get("m")!;
  const response = await page.request.get(`/api/mail/messages/${messageId}/body?images=0`);
  expect(response.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
  expect(response.headers()["content-security-policy"]).not.toMatch(/https:/);
  expect(response.headers()["x-frame-options"]).toBe("SAMEORIGIN");
});

test("remote images load only after Show images", async ({ page }) => {
  const remote: string[] = [];
  await page.route("http://remote.invalid/**", (route) => {
    remote.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/png", body: PNG });
  });
  await openMail(page);
  await row(page, subjects.remote).click();
  await expect(page.getByRole("status")).toContainText("Remote images are blocked (1)");
  const blocked = await bodyFrame(page);
  await expect(blocked.getByText("Our news")).toBeVisible();
  expect(await blocked.locator("img").getAttribute("src")).toBeNull();
  expect(remote).toEqual([]);

  await page.getByRole("button", { name: "Show images" }).click();
  await expect.poll(() => remote).toEqual(["http://remote.invalid/pixel.png"]);
  const shown = await bodyFrame(page);
  await expect.poll(() => shown.locator('img[alt="remote pixel"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
});

test("an attachment downloads byte for byte and an inline cid: image displays", async ({ page }) => {
  await openMail(page);
  await row(page, subjects.files).click();
  await expect(page.getByRole("heading", { name: subjects.files })).toBeVisible();
  const downloadStarted = page.waitForEvent("download");
  await clickBelowBodyFrame(page.getByRole("link", { name: "Download report.bin" }));
  const download = await downloadStarted;
  expect(download.suggestedFilename()).toBe("report.bin");
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).equals(attachmentBytes)).toBe(true);

  const frame = await bodyFrame(page);
  await expect.poll(() => frame.locator('img[alt="inline dot"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  // The inline image is shown in the body, not offered again as a download.
  await expect(page.getByRole("link", { name: "Download dot.png" })).toHaveCount(0);
});

test("another mailbox's message is 404 on every message route", async ({ page }) => {
  const ids = await withE2eDatabase(async (db) => ({
    bobs: (await db.message.findFirstOrThrow({ where: { subject: subjects.bobs } })).id,
    alices: (await db.message.findFirstOrThrow({ where: { subject: subjects.files } })).id,
  }));
  await openMail(page);
  const origin = new URL(page.url()).origin;
  // Bob's message is one text part ("1"); alice's report.bin is part 2 of hers.
  for (const [own, suffix] of [["", ""], ["/body", "/body"], ["/body?images=1", "/body?images=1"], ["/raw", "/raw"], ["/parts/2", "/parts/1"]]) {
    expect((await page.request.get(`/api/mail/messages/${ids.alices}${own}`)).status(), `own ${own}`).toBe(200);
    const response = await page.request.get(`/api/mail/messages/${ids.bobs}${suffix}`);
    expect(response.status(), `bob's ${suffix}`).toBe(404);
    expect(await response.text()).not.toContain("for bob only");
  }
  expect((await page.request.post(`/api/mail/messages/${ids.bobs}/seen`, { headers: { origin } })).status()).toBe(404);
  // And marking seen from another site is refused before anything is looked up.
  expect((await page.request.post(`/api/mail/messages/${ids.alices}/seen`, { headers: { origin: "http://evil.invalid" } })).status()).toBe(403);
  const bobs = await withE2eDatabase((db) => db.message.findUniqueOrThrow({ where: { id: ids.bobs } }));
  expect(bobs.isSeen).toBe(false);
});

test("on a phone the list and the message take the screen one at a time", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openMail(page);
  const list = page.getByRole("region", { name: "Message list" });
  await expect(list).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Folder" })).toBeVisible();
  await row(page, subjects.remote).click();
  await expect(page.getByRole("heading", { name: subjects.remote })).toBeVisible();
  await expect(list).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "← Back" }).click();
  await expect(list).toBeVisible();
  await expect(page.getByRole("heading", { name: subjects.remote })).toBeHidden();
  await expect(row(page, subjects.plain)).toBeVisible();
});

test("the folder list API counts, and a staff member's read-only view of the account gets no webmail", async ({ page }) => {
  await openMail(page);
  const { folders } = (await (await page.request.get("/api/mail/folders")).json()) as { folders: { name: string; specialUse: string | null; messageCount: number }[] };
  expect(folders.find((f) => f.name === "INBOX")).toMatchObject({ specialUse: "INBOX" });
  expect(folders.find((f) => f.name === "INBOX")!.messageCount).toBeGreaterThanOrEqual(3 + XSS_FILES.length);

  await switchMailbox(page, "admin@mailwright.test");
  await page.waitForURL(/\/mailbox/);
  await page.goto("/staff/accounts?q=example");
  await page.getByRole("button", { name: "View example read-only" }).click();
  await page.waitForURL(/\/manager$/);
  const response = await page.goto("/mail");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  expect((await page.request.get("/api/mail/folders")).status()).toBe(403);
  expect((await page.request.get("/api/mail/messages")).status()).toBe(403);
});

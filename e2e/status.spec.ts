import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures/test.ts";
import { openDb } from "../lib/db.ts";
import { resolveDatabaseTarget } from "../lib/database-url.ts";
import { createFsBlobStore } from "../lib/blobs/fs-blob-store.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../lib/store/store-deps.ts";
import { ensureTlsCertificate, readTlsFiles } from "../lib/runtime/ensure-tls-certificate.ts";
import { startActivityRecorder } from "../lib/status/activity-recorder.ts";
import { probeOnce } from "../lib/status/prober.ts";
import { GREETINGS } from "../lib/status/probe-greeting.ts";
import { createPop3Server } from "../daemons/pop3/pop3-server.ts";

const unique = (prefix: string) => `${prefix} ${randomBytes(4).toString("hex")}`;
/** A datetime-local value (UTC) for a time. */
const utcField = (at: Date) => at.toISOString().slice(0, 19);
/** `2026-11-29 21:30` in a zone with a fixed offset (no summer time), computed without the browser. */
const inOffset = (at: Date, offsetMinutes: number) => new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16).replace("T", " ");

async function signInAsStaff(page: Page) {
  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("admin@mailwright.test");
}

async function writePost(page: Page, input: { title: string; body: string; kind?: string; state?: string; publishAt?: Date; startsAt?: Date; endsAt?: Date; services?: string[] }) {
  await page.goto("/staff/status");
  const editor = page.getByTestId("status-post-editor");
  await editor.getByLabel("Title").fill(input.title);
  await editor.getByLabel("Text (Markdown)").fill(input.body);
  if (input.kind) await editor.getByLabel("Kind").selectOption(input.kind);
  if (input.state) await editor.getByLabel("State").selectOption(input.state);
  for (const service of input.services ?? []) await editor.getByLabel(service, { exact: true }).check();
  if (input.publishAt) await editor.getByLabel("Publish at (UTC; empty: now)").fill(utcField(input.publishAt));
  if (input.startsAt) await editor.getByLabel("Window starts (UTC)").fill(utcField(input.startsAt));
  if (input.endsAt) await editor.getByLabel("Window ends (UTC)").fill(utcField(input.endsAt));
  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/staff\/status\/[^/]+$/);
}

test("staff publish a post and an update; signed-out readers in two time zones see both, inert Markdown, and the feeds carry them", async ({ page, browser, request }) => {
  const title = unique("Routing trouble upstream");
  // A whole minute two hours ago: the page shows minutes.
  const publishAt = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000);
  const hostile = 'Mail is **delayed**.<script>window.__pwned = 1</script>\n\n<img src="x" onerror="window.__pwned = 2">\n\n<p onmouseover="window.__pwned = 3">hover</p>\n\n[details](javascript:window.__pwned=4)';

  await signInAsStaff(page);
  await page.goto("/staff/status");
  const editor = page.getByTestId("status-post-editor");
  await editor.getByLabel("Text (Markdown)").fill(hostile);
  await editor.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("status-preview").locator("strong")).toHaveText("delayed");
  await expect(page.getByTestId("status-preview").locator("script, img, [onmouseover]")).toHaveCount(0);
  await writePost(page, { title, body: hostile, services: ["SMTP", "Network"], publishAt });

  await page.getByTestId("status-update-form").getByLabel("Update (Markdown)").fill("The upstream network *withdrew* the bad route.");
  await page.getByTestId("status-update-form").getByLabel("New state").selectOption("RESOLVED");
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByText("Update added.")).toBeVisible();

  for (const zone of [{ id: "Asia/Tokyo", offset: 9 * 60 }, { id: "Pacific/Honolulu", offset: -10 * 60 }]) {
    const reader = await browser.newContext({ timezoneId: zone.id, baseURL: process.env.E2E_BASE_URL });
    const readerPage = await reader.newPage();
    await readerPage.goto("/status");
    const post = readerPage.getByTestId("status-post").filter({ hasText: title });
    await expect(post.getByRole("heading", { name: title })).toBeVisible();
    await expect(post.getByTestId("post-time")).toHaveText(`${publishAt.toISOString().slice(0, 10)}: ${publishAt.toISOString().slice(11, 16)} UTC`);
    await expect(post.getByTestId("local-time").first()).toHaveText(`· your time: ${inOffset(publishAt, zone.offset)} (${zone.id})`);
    await expect(post.getByTestId("post-state")).toHaveText("Resolved");
    await expect(post.getByTestId("status-update")).toContainText("The upstream network withdrew the bad route.");
    await expect(post.getByTestId("status-update").locator("em")).toHaveText("withdrew");
    // The hostile Markdown is there as harmless text only.
    await expect(post.getByTestId("post-body").locator("strong")).toHaveText("delayed");
    await expect(post.getByTestId("post-body").locator("script, img, [onmouseover], [onerror]")).toHaveCount(0);
    await post.getByTestId("post-body").getByText("hover").hover();
    await expect(post.getByTestId("post-body").locator('a[href^="javascript"]')).toHaveCount(0);
    expect(await readerPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(readerPage.getByTestId("delivered-in")).toHaveText(/^Page delivered in \d+\.\d{3} seconds$/);
    // The permalink page shows the same post.
    await post.getByRole("link", { name: title }).click();
    await expect(readerPage.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(readerPage.getByTestId("status-update")).toHaveCount(1);
    await reader.close();
  }

  // The Atom feed, read by a real feed parser (Debian's python3-feedparser); and the JSON feed.
  const xml = await (await request.get("/status/feed.xml")).text();
  const script = "import sys, json, feedparser\nd = feedparser.parse(sys.stdin.read())\nprint(json.dumps({'bozo': bool(d.bozo), 'version': d.version, 'titles': [e.title for e in d.entries], 'contents': [e.content[0].value for e in d.entries]}))";
  const feed = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script], { input: xml, encoding: "utf8" }));
  expect(feed).toMatchObject({ bozo: false, version: "atom10" });
  const index = feed.titles.indexOf(title);
  expect(index).toBeGreaterThanOrEqual(0);
  expect(feed.contents[index]).toContain("withdrew");
  expect(feed.contents[index]).not.toContain("__pwned = 1");
  const json = await (await request.get("/status/feed.json")).json();
  expect(json.items.map((item: { title: string }) => item.title)).toContain(title);
});

test("a maintenance window moves from upcoming to ongoing to completed with the clock", async ({ page, browser }) => {
  test.setTimeout(90_000); // the window itself lasts 20 s, and starts 6 s ahead
  const title = unique("Kernel update");
  await signInAsStaff(page);
  // Start a few seconds ahead (the form takes a moment). The page is regenerated at most every 5 s
  // (ISR), and a stale copy is served while it regenerates, so a window shorter than two of those
  // periods could go from Scheduled to Completed without a render in between: make it 20 s long.
  const startsAt = new Date(Math.ceil((Date.now() + 6_000) / 1000) * 1000);
  const endsAt = new Date(startsAt.getTime() + 20_000);
  await writePost(page, { title, body: "IMAP restarts.", kind: "MAINTENANCE", state: "SCHEDULED", services: ["IMAP"], startsAt, endsAt });

  const reader = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, timezoneId: "UTC" });
  const readerPage = await reader.newPage();
  const pinned = readerPage.getByTestId("pinned-windows").getByTestId("status-post").filter({ hasText: title });
  await readerPage.goto("/status");
  await expect(pinned.getByTestId("post-state")).toHaveText("Scheduled");
  await expect(pinned.getByTestId("window-start")).toHaveText(`${startsAt.toISOString().slice(0, 10)}: ${startsAt.toISOString().slice(11, 16)} UTC`);
  // The state is the clock's: reload until the server says so (the page is not live-updating).
  await expect(async () => {
    await readerPage.reload();
    await expect(pinned.getByTestId("post-state")).toHaveText("Ongoing", { timeout: 200 });
  }).toPass({ timeout: 25_000, intervals: [250] });
  expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
  await expect(async () => {
    await readerPage.reload();
    await expect(readerPage.getByTestId("status-history").getByTestId("status-post").filter({ hasText: title }).getByTestId("post-state")).toHaveText("Completed", { timeout: 200 });
  }).toPass({ timeout: 35_000, intervals: [250] });
  expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
  await expect(pinned).toHaveCount(0);
  await reader.close();
});

test("a running POP3 daemon shows as up, and as down soon after it stops", async ({ page }) => {
  const url = process.env.E2E_DATABASE_URL;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!url || !dataDir) throw new Error("run through playwright.config.ts");
  // Our POP3 daemon on the e2e server's store, recording heartbeats as its main.ts does (every
  // second here; the e2e server counts a heartbeat older than 3 s as stale, see global-setup.ts).
  const db = await openDb(resolveDatabaseTarget(url, "."));
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir: mkdtempSync(path.join(tmpdir(), "mailwright-e2e-pop3-")), publicHostname: "pop3.mailwright.test", tls: undefined }));
  const server = createPop3Server({ store: { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES }, hostname: "pop3.mailwright.test", loginLimits: { maxFailures: 10, maxFailuresPerIp: 50, windowMs: 900_000, lockMs: 900_000 }, tls });
  const { port } = await server.listen(0, "127.0.0.1");
  const recorder = startActivityRecorder(db, { service: "pop3", intervalMs: 500 });
  try {
    await recorder.flush();
    // The prober's check, against the real greeting.
    await probeOnce(db, [{ service: "pop3", host: "127.0.0.1", port, greeting: GREETINGS.pop3 }]);
    const pop3 = page.getByTestId("health-pop3").getByTestId("health-level");
    await expect(async () => {
      await page.goto("/status");
      await expect(pop3).toHaveText("Up", { timeout: 200 });
    }).toPass({ timeout: 10_000, intervals: [250] });

    await recorder.stop();
    await server.close();
    const stoppedAt = Date.now();
    await probeOnce(db, [{ service: "pop3", host: "127.0.0.1", port, greeting: GREETINGS.pop3 }]);
    await expect(async () => {
      await page.reload();
      await expect(pop3).toHaveText("Down", { timeout: 200 });
    }).toPass({ timeout: 20_000, intervals: [250] });
    // The staleness threshold (3 s here, 90 s in production) plus the page cache's 5 s: far inside two minutes.
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
  } finally {
    await recorder.stop();
    await server.close().catch(() => {});
    await db.$disconnect();
  }
});

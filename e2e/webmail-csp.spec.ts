// The message body's Content-Security-Policy catches what the sanitiser lets through, and says so.
// The sanitiser keeps a remote <audio src> once the reader asks for remote images (it treats every
// resource URL as an image); the body's policy allows images only, so the browser blocks the fetch
// and posts a violation report (app/api/mail/csp-report logs it; the server's log is read here).
import { randomBytes } from "node:crypto";
import { test, expect } from "./fixtures/test.ts";
import { startE2eMx } from "./fixtures/e2e-mx.ts";
import { createE2eMailbox, openWebmail } from "./fixtures/e2e-mailbox.ts";
import { readCspReports } from "./fixtures/csp-reports.ts";

const tag = randomBytes(4).toString("hex");

test("a resource the sanitiser keeps but the policy forbids is blocked and reported", async ({ page }) => {
  const [mx, address] = await Promise.all([startE2eMx(), createE2eMailbox(`csp-${tag}`)]);
  const subject = `Podcast ${tag}`;
  // The host name carries the tag: a report may give only the blocked URL's origin.
  const media = `https://csp-${tag}.media.invalid/episode.mp3`;
  try {
    await mx.send({ to: address, subject, text: "Listen.", html: `<p id="text">Listen to this</p><audio controls preload="auto" src="${media}"></audio>` });
  } finally {
    await mx.stop();
  }
  await openWebmail(page, address);
  await page.getByTestId("message-row").filter({ hasText: subject }).click();
  const frame = page.frameLocator('iframe[title="Message body"]');
  await expect(frame.locator("#text")).toHaveText("Listen to this");
  // Without remote images the sanitiser removed the URL itself (and counted it): nothing to block.
  expect(await frame.locator("audio").getAttribute("src")).toBeNull();

  await page.getByRole("button", { name: "Show images" }).click();
  await expect(frame.locator("audio")).toHaveAttribute("src", media);
  await expect.poll(() => readCspReports().filter((report) => report.blocked.includes(`csp-${tag}.media.invalid`)).map((report) => report.directive), { timeout: 10_000 }).toContain("media-src");
});

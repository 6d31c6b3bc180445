// Every main page fits a phone-width screen: wide tables scroll inside their own box, and nothing
// (not even a visually hidden header) makes the page itself wider than the screen.
import type { Page } from "@playwright/test";
import { test, expect, signIn } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { createRejectLog } from "../lib/delivery/reject-log.ts";

test.use({ viewport: { width: 390, height: 844 } });

async function expectFitsTheScreen(page: Page, path: string, content: string) {
  await page.goto(path);
  // The page's own content is there (a table row, a form), so its widest part has been laid out.
  await expect(page.getByTestId(content).first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
}

test("the manager's pages and reports fit a phone screen", async ({ page }) => {
  // One refusal for the account, so the report shows its (wide) table.
  await withE2eDatabase(async (db) => {
    const domain = await db.domain.findUniqueOrThrow({ where: { name: "example.test" }, select: { id: true, accountId: true } });
    const log = createRejectLog(db, { catchAllDailyCap: 1000 });
    log.record({ stage: "RCPT", smtpCode: 550, enhancedCode: "5.7.1", reasonKey: "blocked_sender", reasonText: "Access denied for a rather long reason that takes room", at: new Date(), clientIp: "198.51.100.77", helo: "a-long-host-name.sender.example", mailFrom: "someone.with.a.long.name@sender.example", rcptTo: "alice@example.test", domainId: domain.id, accountId: domain.accountId, isCatchAll: false });
    await log.close();
  });
  await signIn(page, "manager@example.test");
  await page.waitForURL(/\/mailbox/);
  await expectFitsTheScreen(page, "/reports?view=account", "reject-row");
  await expectFitsTheScreen(page, "/manager/mailboxes", "mailbox-row");
  await expectFitsTheScreen(page, "/manager/audit", "audit-filters");
});

test("the staff pages fit a phone screen", async ({ page }) => {
  await signIn(page, "admin@mailwright.test");
  await page.waitForURL(/\/mailbox/);
  await expectFitsTheScreen(page, "/staff/accounts", "account-state");
  await expectFitsTheScreen(page, "/staff/status", "staff-status-posts");
});

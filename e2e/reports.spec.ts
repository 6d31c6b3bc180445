// Reject reports: mail our MX refuses shows up in the recipient's report within seconds, with the
// reason; a mailbox sees only its own, its manager the account's; "Allow sender" lets the same
// message through; the CSV is the table; catch-all refusals are hidden unless asked, and capped.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { test, expect, signIn, E2E_PASSWORD } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { startE2eMx, type E2eMx } from "./fixtures/e2e-mx.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { createRejectLog } from "../lib/delivery/reject-log.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";

const tag = randomBytes(4).toString("hex");
const self = `rr-${tag}@example.test`;
const other = `rr2-${tag}@example.test`;
const message = { subject: `Quarterly figures ${tag}`, text: "The figures you asked for." };
/** The web server's catch-all cap (MX_CATCH_ALL_DAILY_CAP's default), which the panel reports. */
const CATCH_ALL_CAP = 1000;

let mx: E2eMx | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  mx = await startE2eMx();
  await withE2eDatabase(async (db) => {
    const domain = await db.domain.findUniqueOrThrow({ where: { name: "example.test" }, select: { id: true, accountId: true } });
    for (const address of [self, other]) {
      const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: E2E_PASSWORD });
      // Everything scores at least 0: these two mailboxes refuse all mail as spam.
      await db.mailbox.update({ where: { id: mailbox.id }, data: { spamRejectScore: -1 } });
    }
    // Catch-all refusals as the MX logs them, on a day already near its cap: 5 more, 2 kept.
    const day = new Date().toISOString().slice(0, 10);
    await db.catchAllRejectDay.upsert({ where: { domainId_day: { domainId: domain.id, day } }, create: { domainId: domain.id, day, count: CATCH_ALL_CAP - 2 }, update: { count: { increment: CATCH_ALL_CAP - 2 } } });
    const log = createRejectLog(db, { catchAllDailyCap: CATCH_ALL_CAP });
    for (let i = 0; i < 5; i++) {
      log.record({ stage: "RCPT", smtpCode: 550, enhancedCode: "5.7.1", reasonKey: "blocked_sender", reasonText: "Access denied", at: new Date(), clientIp: "198.51.100.9", helo: "spammer.example", mailFrom: `dict@spammer.example`, rcptTo: `ghost${i}-${tag}@example.test`, domainId: domain.id, accountId: domain.accountId, isCatchAll: true });
    }
    await log.close();
  });
});

test.afterAll(async () => {
  await mx?.stop();
});

const rows = (page: Page) => page.getByTestId("reject-row");

/** The report with a query, reloaded until `count` rows show: the reject log writes within a fraction of a second. */
async function openReport(page: Page, query: string, count: number) {
  await expect(async () => {
    await page.goto(`/reports?${query}`);
    await expect(rows(page)).toHaveCount(count, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

test("a refusal shows in the recipient's report with its reason; allowing the sender lets the message through", async ({ page }) => {
  await expect(mx!.send({ to: self, ...message })).rejects.toThrow(/550/);
  await expect(mx!.send({ to: other, ...message })).rejects.toThrow(/550/);

  await signIn(page, self);
  await page.waitForURL(/\/mailbox/);
  await openReport(page, "", 1);
  await expect(page.getByTestId("charts-unfiltered")).toHaveCount(0);
  const row = rows(page).first();
  await expect(row.getByTestId("cell-sender")).toHaveText("carol@sender.example");
  await expect(row.getByTestId("cell-recipient")).toHaveText(self);
  await expect(row.getByTestId("cell-reason")).toHaveText("Spam score too high");
  await expect(row.getByTestId("cell-reply")).toContainText("550 5.7.1 Message rejected as spam");
  await expect(row.getByTestId("cell-stage")).toHaveText("DATA");
  // Only its own: the other mailbox's refusal of the same message is not here, nor "Block" (a manager's).
  await expect(page.getByText(other)).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Block sender" })).toHaveCount(0);

  await row.getByRole("button", { name: "Allow sender" }).click();
  await expect(page.getByText(`Mail from carol@sender.example to ${self} is accepted from now on.`)).toBeVisible();
  await mx!.send({ to: self, ...message });
  await expect(mx!.send({ to: other, ...message })).rejects.toThrow(/550/);
});

test("the manager sees the account's refusals; the CSV is the table; catch-alls hidden by default and capped", async ({ page }) => {
  await signIn(page, "manager@example.test");
  await page.waitForURL(/\/manager|\/mailbox/);
  await openReport(page, `q=${tag}`, 3);
  await expect(page.getByTestId("report-scope")).toContainText("Refusals of mail to your account");
  // The charts are the days' roll-ups: the page says the search narrows only the table.
  await expect(page.getByTestId("charts-unfiltered")).toBeVisible();
  const recipients = await rows(page).getByTestId("cell-recipient").allTextContents();
  expect([...recipients].sort()).toEqual([other, other, self].sort());

  const href = await page.getByTestId("csv-export").getAttribute("href");
  const csv = await (await page.request.get(href!)).text();
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^time_utc,sender,recipient,client_ip,helo,stage,/);
  const times = await rows(page).getByTestId("cell-time").allTextContents();
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 3))).toEqual(
    times.map((time, i) => [expect.stringContaining(time.replace(" UTC", "").replace(" ", "T")), "carol@sender.example", recipients[i]]),
  );

  // Catch-all refusals: not in the table unless asked; 5 refused today, only the 2 under the cap kept.
  await openReport(page, `q=ghost`, 0);
  await page.getByTestId("catch-all-toggle").check();
  await page.getByRole("button", { name: "Show" }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(page).toHaveURL(/catchAll=1/);
  const panelRow = page.getByTestId(`catch-all-example.test-${new Date().toISOString().slice(0, 10)}`);
  await expect(panelRow).toContainText(String(CATCH_ALL_CAP + 3));
  await expect(panelRow).toContainText(String(CATCH_ALL_CAP));
});

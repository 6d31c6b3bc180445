import { randomBytes } from "node:crypto";
import { expect, signIn, test } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { createQueuedMessage } from "../scripts/test-support/queue-fixtures.ts";

const uniqueDomain = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}.test`;

test("staff see why mail waits, retry it now and drop it", async ({ page }) => {
  const domain = uniqueDomain("greylisting");
  const { recipientIds } = await withE2eDatabase(async (db) => {
    const alice = await db.mailbox.findFirstOrThrow({ where: { localPart: "alice", domain: { name: "example.test" } } });
    return createQueuedMessage(db, {
      senderMailboxId: alice.id,
      mailFrom: "alice@example.test",
      recipients: [
        { address: `someone@${domain}`, attempts: 2, nextAttemptAt: new Date(Date.now() + 90 * 60_000), lastError: "451 4.7.1 Greylisted, try again later", lastHost: `mx.${domain}` },
        { address: `other@${domain}`, state: "DELIVERED", attempts: 1, finishedAt: new Date() },
      ],
    });
  });
  const [waitingId, deliveredId] = recipientIds as [string, string];

  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("admin@mailwright.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Outbound queue", level: 1 })).toBeVisible();

  await page.getByLabel("State").selectOption("QUEUED");
  await page.getByLabel("Destination domain").fill(domain);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`state=QUEUED&domain=${domain}`));
  const row = page.getByTestId(`queue-row-${waitingId}`);
  await expect(row).toContainText(`someone@${domain}`);
  await expect(row).toContainText("submission by alice@example.test");
  await expect(row.getByTestId("queue-last-error")).toContainText("451 4.7.1 Greylisted, try again later");
  await expect(row.getByTestId("queue-state")).toHaveText("QUEUED");
  await expect(row.getByTestId("queue-next-try")).toHaveText(/^in 1 h \d+ min$/);
  await expect(page.getByTestId(`queue-row-${deliveredId}`)).toHaveCount(0); // filtered out by state

  await row.getByRole("button", { name: "Retry now" }).click();
  await expect(row.getByTestId("queue-next-try")).toHaveText("due now");
  await expect(row.getByTestId("queue-state")).toHaveText("QUEUED");

  // All states: the dropped row stays in the list, under its new state, without buttons.
  await page.goto(`/staff/queue?domain=${domain}`);
  await row.getByRole("button", { name: "Drop" }).click();
  await expect(row.getByTestId("queue-state")).toHaveText("DROPPED");
  await expect(row.getByRole("button", { name: "Retry now" })).toHaveCount(0);
  await expect(page.getByTestId(`queue-row-${deliveredId}`).getByTestId("queue-state")).toHaveText("DELIVERED");
  await page.reload();
  await expect(row.getByTestId("queue-state")).toHaveText("DROPPED");
  await expect(page.getByLabel("State")).toContainText("Dropped (1)");
});

test("staff see complaint samples as text, never as markup, and forwarding discards", async ({ page }) => {
  const destination = uniqueDomain("complaining");
  await withE2eDatabase(async (db) => {
    await db.feedbackReport.create({
      data: { feedbackType: "abuse", reporter: destination, destinationDomain: destination, sample: `Subject: hi\r\n\r\n<b data-testid="injected-markup">bold</b>` },
    });
    await db.forwardDiscardDay.create({ data: { destinationDomain: destination, day: new Date().toISOString().slice(0, 10), count: 7 } });
  });
  await signIn(page, "admin@mailwright.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("admin@mailwright.test");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Complaints", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Complaints", level: 1 })).toBeVisible();
  const sample = page.getByTestId("complaint-sample").filter({ hasText: `to ${destination}` });
  await expect(sample.locator("pre")).toContainText(`<b data-testid="injected-markup">bold</b>`);
  await expect(page.getByTestId("injected-markup")).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Forwarding", exact: true }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${destination} 7`) })).toBeVisible();
});

test("customers see no staff links and get 403 on the staff pages", async ({ page }) => {
  // A manager of a customer account: full management there, but no provider role.
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("mailbox-address")).toHaveText("manager@example.test");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue", exact: true })).toHaveCount(0);
  for (const path of ["/staff/queue", "/staff/forwarding", "/staff/complaints"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toContainText("for the provider's staff");
  }
});

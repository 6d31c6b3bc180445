// The conversation view: a toggle in the list's header (remembered in this browser), one row per
// conversation with its participants, count and newest date, and the conversation in the reading
// pane with the newest message open and the older ones folded.
import { randomBytes } from "node:crypto";
import { test, expect } from "./fixtures/test.ts";
import { startE2eMx, E2E_SENDER_DOMAIN } from "./fixtures/e2e-mx.ts";
import { createE2eMailbox, openWebmail } from "./fixtures/e2e-mailbox.ts";

const tag = randomBytes(4).toString("hex");

test("conversations: grouped rows, the newest message open, older ones open on a click", async ({ page }) => {
  const [mx, address] = await Promise.all([startE2eMx(), createE2eMailbox(`threads-${tag}`)]);
  try {
    const root = `<plans-${tag}@${E2E_SENDER_DOMAIN}>`;
    const reply = `<plans-reply-${tag}@${E2E_SENDER_DOMAIN}>`;
    await mx.send({ to: address, subject: `Plans ${tag}`, text: "First: shall we meet?", messageId: root });
    await mx.send({ to: address, from: `Dave Other <dave@${E2E_SENDER_DOMAIN}>`, subject: `Re: Plans ${tag}`, text: "Second: Tuesday works.", messageId: reply, inReplyTo: root, references: [root] });
    await mx.send({ to: address, subject: `Re: Plans ${tag}`, text: "Third: Tuesday it is.", inReplyTo: reply, references: [root, reply] });
    await mx.send({ to: address, subject: `Lunch ${tag}`, text: "Sandwiches?" });
  } finally {
    await mx.stop();
  }
  await openWebmail(page, address);
  await expect(page.getByTestId("message-row")).toHaveCount(4);

  const toggle = page.getByRole("button", { name: "Conversations" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  const rows = page.getByTestId("conversation-row");
  await expect(rows).toHaveCount(2);
  const plans = rows.filter({ hasText: `Plans ${tag}` });
  await expect(plans).toContainText("Carol Sender, Dave Other");
  await expect(plans.getByTestId("conversation-count")).toHaveText("3");
  await expect(plans.locator("time")).not.toHaveText(""); // the newest message's date
  await expect(rows.filter({ hasText: `Lunch ${tag}` }).getByTestId("conversation-count")).toHaveCount(0);

  await plans.click();
  const pane = page.getByRole("article", { name: "Conversation" });
  const messages = pane.getByTestId("conversation-message");
  await expect(messages).toHaveCount(3);
  await expect(messages.nth(0)).toHaveAttribute("data-expanded", "false");
  await expect(messages.nth(1)).toHaveAttribute("data-expanded", "false");
  await expect(messages.nth(2)).toHaveAttribute("data-expanded", "true");
  await expect(pane.frameLocator('iframe[title="Message body"]').locator("body")).toContainText("Third: Tuesday it is.");
  await messages.nth(0).getByRole("button", { expanded: false }).click();
  await expect(messages.nth(0)).toHaveAttribute("data-expanded", "true");
  await expect(pane.locator('iframe[title="Message body"]')).toHaveCount(2);
  await expect(pane.frameLocator('iframe[title="Message body"]').first().locator("body")).toContainText("First: shall we meet?");

  // Remembered in this browser; switched off, the plain list is back.
  await page.reload();
  await expect(page.getByRole("button", { name: "Conversations" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("conversation-row")).toHaveCount(2);
  await page.getByRole("button", { name: "Conversations" }).click();
  await expect(page.getByTestId("message-row")).toHaveCount(4);
});

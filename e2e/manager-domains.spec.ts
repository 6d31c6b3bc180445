import { randomBytes } from "node:crypto";
import { expect, signIn, test } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

test.describe("domains at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a manager adds a domain, copies its DNS records, sets the catch-all and rotates its DKIM key", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const name = `${unique("shop")}.test`;
    await signIn(page, "manager@example.test");
    await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
    await page.goto("/manager/domains");
    await expect(page.getByRole("heading", { name: "Domains", level: 1 })).toBeVisible();

    const add = page.getByTestId("add-domain");
    await add.getByLabel("New domain").fill("not a domain");
    await add.getByRole("button", { name: "Add domain" }).click();
    await expect(add.getByTestId("form-error")).toContainText("is not a valid domain name");
    await add.getByLabel("New domain").fill(name);
    await add.getByRole("button", { name: "Add domain" }).click();
    await expect(add.getByTestId("form-success")).toHaveText(`Added ${name}.`); // development mode: verified at once

    const section = page.getByTestId(`domain-${name}`);
    await expect(section).toContainText("Verified");
    await section.getByText("DNS records to publish").click();
    const mxValue = section.getByTestId("record-value").filter({ hasText: /^10 / });
    await expect(mxValue).toHaveText("10 localhost.");
    const dmarc = section.getByRole("button", { name: /^Copy value: v=DMARC1/ });
    await dmarc.click();
    await expect(dmarc).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${name}`);
    // Nothing of the page's own content is wider than the phone's screen (long DKIM keys wrap).
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('[data-testid="add-domain"] *, [data-testid^="domain-"] *')].filter((e) => e.getBoundingClientRect().right > 390).length);
    expect(overflowing).toBe(0);

    const catchAll = section.getByTestId("catch-all");
    await catchAll.getByLabel(/Catch-all/).selectOption({ label: "alice@example.test" });
    await catchAll.getByRole("button", { name: "Save catch-all" }).click();
    await expect(catchAll.getByTestId("form-success")).toHaveText("Catch-all set.");

    const rotate = section.getByTestId("rotate-dkim");
    await rotate.getByRole("button", { name: "Rotate DKIM key" }).click();
    await expect(rotate.getByTestId("form-success")).toContainText("made. Publish its record below");
    await expect(section.getByText(/^DKIM \(next\)/)).toBeVisible();
    await section.getByRole("button", { name: "Finish DKIM rotation" }).click();
    await expect(section.getByTestId("rotate-dkim").getByTestId("form-success")).toContainText("now signs");
    await expect(section.getByText(/^DKIM \(retired\)/)).toBeVisible();

    const stored = await withE2eDatabase((db) => db.domain.findUniqueOrThrow({ where: { name }, include: { catchAllMailbox: true, dkimKeys: true } }));
    expect(stored.catchAllMailbox?.localPart).toBe("alice");
    expect(stored.dkimKeys.map((key) => key.isActive).sort()).toEqual([false, true]);
  });
});

test("a manager creates an alias and a forward, and blocks senders", async ({ page }) => {
  const localPart = unique("team");
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto("/manager/aliases");
  const create = page.getByTestId("create-alias");
  await create.getByLabel("Alias").fill("alice");
  await create.getByLabel("alice@example.test").check();
  await create.getByRole("button", { name: "Create alias" }).click();
  await expect(create.getByTestId("form-error")).toHaveText("alice@example.test is a mailbox.");
  await create.getByLabel("Alias").fill(localPart);
  await create.getByLabel("alice@example.test").check(); // React resets a form after its action
  await create.getByRole("button", { name: "Create alias" }).click();
  await expect(create.getByTestId("form-success")).toHaveText(`Created ${localPart}@example.test.`);
  await expect(page.getByTestId(`alias-${localPart}@example.test`).getByLabel("alice@example.test")).toBeChecked();

  const destination = `${unique("out")}@elsewhere.example`;
  const forward = page.getByTestId("add-forward");
  await forward.getByRole("combobox", { name: "Mailbox", exact: true }).selectOption({ label: "alice@example.test" });
  await forward.getByLabel("Forward to").fill(destination);
  await forward.getByLabel("Keep a copy in the mailbox").uncheck();
  await forward.getByRole("button", { name: "Add forward" }).click();
  await expect(forward.getByTestId("form-success")).toHaveText(`Mail is now forwarded to ${destination}.`);
  const row = page.getByTestId(`forward-${destination}`);
  await expect(row).toContainText("keeps no copy");
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);

  await page.goto("/manager/block-list");
  const list = page.getByTestId("block-list-account");
  await list.getByLabel("Kind").selectOption("IP");
  await list.getByLabel("Sender").fill("192.0.2.0/33");
  await list.getByRole("button", { name: "Block" }).click();
  await expect(list.getByTestId("form-error")).toContainText("is not an IP address or CIDR range");
  const range = `198.51.100.${Number.parseInt(randomBytes(1).toString("hex"), 16)}/32`;
  await list.getByLabel("Kind").selectOption("IP"); // React resets a form after its action
  await list.getByLabel("Sender").fill(range);
  await list.getByRole("button", { name: "Block" }).click();
  await expect(list.getByTestId(`block-entry-${range}`)).toBeVisible();
  await list.getByTestId(`block-entry-${range}`).getByRole("button", { name: "Remove" }).click();
  await expect(list.getByTestId(`block-entry-${range}`)).toHaveCount(0);
});

test("a SELF mailbox gets a 403 on the domains, aliases and block-list pages", async ({ page }) => {
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  for (const path of ["/manager/domains", "/manager/aliases", "/manager/block-list"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
  }
});

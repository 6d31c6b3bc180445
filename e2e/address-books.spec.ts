import { randomBytes } from "node:crypto";
import { expect, signIn, test } from "./fixtures/test.ts";

test("a mailbox adds a contact to its personal book, finds it, and sees the LDAP settings", async ({ page }) => {
  const name = `Contact ${randomBytes(4).toString("hex")}`;
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  await page.goto("/manager/address-books");
  await expect(page.getByRole("heading", { name: "Address books", level: 1 })).toBeVisible();
  await expect(page.getByTestId("book-list")).toContainText("Example Co · Account · read only");
  await expect(page.getByTestId("personal-bind-dn")).toHaveText(/^cn=alice@example\.test,ou=auth,dc=/);
  // The demo gives every mailbox an LDAP password, so the panel does not ask for one.
  await expect(page.getByTestId("ldap-password-missing")).toHaveCount(0);

  await page.getByRole("link", { name: "Add contact" }).click();
  const form = page.getByTestId("contact-form");
  await form.getByLabel("Display name").fill(name);
  await form.getByLabel("Email address").first().fill("someone@contacts.example");
  await form.getByLabel("Phone number").first().fill("call me");
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(form.getByTestId("form-error")).toContainText("phones.0.number: only digits");
  await form.getByLabel("Phone number").first().fill("+1 555 0100");
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(form.getByTestId("form-success")).toHaveText("Contact added.");

  await page.getByLabel("Search names and addresses").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("contacts-table")).toContainText("someone@contacts.example");
});

test("a manager imports a CSV into the account book (all or nothing) and exports it as vCard", async ({ page }) => {
  const tag = randomBytes(4).toString("hex");
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto("/manager/address-books");
  await page.getByTestId("book-list").getByRole("link", { name: /Example Co · Account/ }).click();
  await expect(page.getByTestId("book-list").getByRole("link", { name: /Example Co · Account/ })).toHaveAttribute("aria-current", "page");

  const importForm = page.getByTestId("import-form");
  const header = "Display Name,Primary Email,Mobile Number";
  const broken = [header, `Good ${tag},good-${tag}@contacts.example,`, `Bad ${tag},nope,`, `Worse ${tag},,call me`].join("\n");
  await importForm.getByLabel("Import a .vcf or .csv file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
  await importForm.getByRole("button", { name: "Import", exact: true }).click();
  const problems = importForm.getByTestId("import-problems");
  await expect(problems).toContainText("Line 3: emails.0.address: not a valid email address");
  await expect(problems).toContainText("Line 4: phones.0.number: only digits");

  const fine = [header, `"Good, ${tag}",good-${tag}@contacts.example,+1 555 0100`].join("\n");
  await importForm.getByLabel("Import a .vcf or .csv file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(fine) });
  await importForm.getByRole("button", { name: "Import", exact: true }).click();
  await expect(importForm.getByTestId("form-success")).toHaveText("1 contact imported.");

  await page.getByLabel("Search names and addresses").fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);

  const href = await page.getByRole("link", { name: "Export vCard" }).getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.headers()["content-type"]).toContain("text/vcard");
  expect(await response.text()).toContain(`FN:Good\\, ${tag}\r\n`);
});

test("a manager shares a book with a SELF mailbox: read, then read and write, then revoked", async ({ page, browser }) => {
  const name = `Team ${randomBytes(4).toString("hex")}`;
  const contactName = `Shared contact ${randomBytes(4).toString("hex")}`;
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto("/manager/address-books");
  const createForm = page.getByTestId("create-shared-book-form");
  await createForm.getByLabel("New shared book").fill(name);
  await createForm.getByRole("button", { name: "Create book" }).click();
  await expect(createForm.getByTestId("form-success")).toHaveText("Shared book created.");

  const settings = page.getByRole("region", { name, exact: true });
  const bobRow = settings.locator('[data-testid="book-access-row"][data-address="bob@example.test"]');
  const setBobsAccess = async (label: string, message: string) => {
    await bobRow.getByLabel("Access for bob@example.test").selectOption({ label });
    await bobRow.getByRole("button", { name: "Save" }).click();
    await expect(bobRow.getByTestId("form-success")).toHaveText(message);
  };
  await expect(bobRow.getByLabel("Access for bob@example.test")).toHaveValue("NONE");
  await setBobsAccess("Read", "Can now read.");

  const bobContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  try {
    const bob = await bobContext.newPage();
    await signIn(bob, "bob@example.test");
    await expect(bob.getByTestId("signed-in-as")).toHaveText("bob@example.test");
    await bob.goto("/manager/address-books");
    await expect(bob.getByTestId("shared-books")).toHaveCount(0);
    const bookList = bob.getByTestId("book-list");
    await bookList.getByRole("link", { name: `${name} · Shared · read only`, exact: true }).click();
    await expect(bookList.getByRole("link", { name: `${name} · Shared · read only`, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(bob.getByRole("link", { name: "Add contact" })).toHaveCount(0);
    // Not even by asking for the form in the address.
    const bookUrl = bob.url();
    await bob.goto(`${bookUrl}&edit=new`);
    await expect(bookList.getByRole("link", { name: `${name} · Shared · read only`, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(bob.getByTestId("contact-form")).toHaveCount(0);
    await expect(bob.getByTestId("import-form")).toHaveCount(0);

    await setBobsAccess("Read and write", "Can now read and write.");
    await bob.goto(bookUrl);
    await expect(bookList.getByRole("link", { name: `${name} · Shared`, exact: true })).toHaveAttribute("aria-current", "page");
    await bob.getByRole("link", { name: "Add contact" }).click();
    const contactForm = bob.getByTestId("contact-form");
    await contactForm.getByLabel("Display name").fill(contactName);
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    await expect(contactForm.getByTestId("form-success")).toHaveText("Contact added.");
    await expect(bob.getByTestId("contacts-table")).toContainText(contactName);

    await setBobsAccess("No access", "Access removed.");
    await bob.goto(bookUrl);
    await expect(bookList.getByRole("link", { name: /Personal/ })).toHaveAttribute("aria-current", "page");
    await expect(bookList).not.toContainText(name);
    await expect(bob.getByTestId("contacts-table")).not.toContainText(contactName);
  } finally {
    await bobContext.close();
  }
  // The manager still sees the book and bob's contact in it.
  await page.getByTestId("book-list").getByRole("link", { name: `${name} · Shared`, exact: true }).click();
  await expect(page.getByTestId("contacts-table")).toContainText(contactName);
});

test("a manager renames and deletes a shared book, on a phone-sized screen", async ({ page }) => {
  const tag = randomBytes(4).toString("hex");
  const name = `Suppliers ${tag}`;
  const renamed = `Vendors ${tag}`;
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "manager@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("manager@example.test");
  await page.goto("/manager/address-books");
  const createForm = page.getByTestId("create-shared-book-form");
  await createForm.getByLabel("New shared book").fill(name);
  await createForm.getByRole("button", { name: "Create book" }).click();
  await expect(createForm.getByTestId("form-success")).toHaveText("Shared book created.");

  const settings = page.getByRole("region", { name, exact: true });
  const renameForm = settings.getByTestId("rename-shared-book-form");
  await renameForm.getByLabel("Name").fill("   ");
  await renameForm.getByRole("button", { name: "Rename" }).click();
  await expect(renameForm.getByTestId("form-error")).toHaveText("Address book: name: must not be empty");
  await renameForm.getByLabel("Name").fill(renamed);
  await renameForm.getByRole("button", { name: "Rename" }).click();
  // The section is named by its heading, which now says the new name.
  const renamedSettings = page.getByRole("region", { name: renamed, exact: true });
  await expect(renamedSettings.getByTestId("rename-shared-book-form").getByTestId("form-success")).toHaveText("Book renamed.");
  await expect(settings).toHaveCount(0);
  await expect(page.getByTestId("book-list").getByRole("link", { name: `${renamed} · Shared`, exact: true })).toBeVisible();

  // Nothing on the page is wider than the screen; the access table scrolls inside its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const select = renamedSettings.getByLabel("Access for bob@example.test");
  await select.scrollIntoViewIfNeeded();
  const box = (await select.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  const deleteForm = renamedSettings.getByTestId("delete-shared-book-form");
  const confirmBox = deleteForm.getByLabel(`Yes, delete ${renamed} and all its contacts`);
  // Unticked, the browser holds the form back; and were it sent anyway, the server refuses it.
  expect(await confirmBox.evaluate((box: HTMLInputElement) => box.validity.valueMissing)).toBe(true);
  await confirmBox.evaluate((box: HTMLInputElement) => (box.required = false));
  await deleteForm.getByRole("button", { name: "Delete book" }).click();
  await expect(deleteForm.getByTestId("form-error")).toHaveText("Tick the box to confirm the deletion.");
  await expect(renamedSettings).toBeVisible();
  await confirmBox.check();
  await deleteForm.getByRole("button", { name: "Delete book" }).click();
  await expect(renamedSettings).toHaveCount(0);
  await expect(page.getByTestId("book-list")).not.toContainText(renamed);
});

// Attachment previews: a PDF in the browser's own viewer, in a frame of the part served inline with
// a sandboxing policy; an image enlarged. Escape closes the preview, not the message.
import { randomBytes } from "node:crypto";
import { test, expect } from "./fixtures/test.ts";
import { startE2eMx } from "./fixtures/e2e-mx.ts";
import { createE2eMailbox, openWebmail } from "./fixtures/e2e-mailbox.ts";
import { clickBelowBodyFrame } from "./fixtures/click-below-body-frame.ts";

const tag = randomBytes(4).toString("hex");

/** A one-page PDF saying "Hello PDF", with a correct cross-reference table. */
function onePagePdf(): Buffer {
  const text = "BT /F1 24 Tf 72 720 Td (Hello PDF) Tj ET";
  const objects = [
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    `<</Length ${text.length}>>stream\n${text}\nendstream`,
    "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj${body}endobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

const ONE_PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test("a PDF attachment previews in the browser's viewer, sandboxed; an image enlarges", async ({ page }) => {
  const [mx, address] = await Promise.all([startE2eMx(), createE2eMailbox(`preview-${tag}`)]);
  const subject = `Invoice ${tag}`;
  try {
    await mx.send({
      to: address,
      subject,
      text: "Invoice attached.",
      attachments: [
        { filename: "invoice.pdf", content: onePagePdf(), contentType: "application/pdf" },
        { filename: "dot.png", content: ONE_PIXEL_PNG, contentType: "image/png" },
      ],
    });
  } finally {
    await mx.stop();
  }
  await openWebmail(page, address);
  await page.getByTestId("message-row").filter({ hasText: subject }).click();
  // The thumbnail first: its loading moves nothing under the pointer afterwards.
  const thumbnail = page.getByRole("img", { name: "Preview of dot.png" });
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  await clickBelowBodyFrame(page.getByRole("button", { name: "Preview invoice.pdf" }));
  const dialog = page.getByRole("dialog", { name: "Preview of invoice.pdf" });
  const viewer = dialog.locator('iframe[title="PDF preview of invoice.pdf"]');
  await expect(viewer).toBeVisible();
  // The frame's own response is the PDF viewer's; the part's headers are asked for directly.
  const part = await page.request.get((await viewer.getAttribute("src"))!);
  expect(part.headers()["content-type"]).toBe("application/pdf");
  expect(part.headers()["content-disposition"]).toMatch(/^inline; filename="invoice\.pdf"/);
  expect(part.headers()["content-security-policy"]).toBe("sandbox; default-src 'none'; frame-ancestors 'self'");
  expect(part.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  // Chromium's PDF viewer (its built-in extension) took the frame: the PDF is rendered, not downloaded.
  await expect.poll(() => page.frames().some((frame) => frame.url().startsWith("chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"))).toBe(true);

  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: subject })).toBeVisible(); // the message stayed open

  await clickBelowBodyFrame(page.getByRole("button", { name: "Preview dot.png" }));
  const image = page.getByRole("dialog", { name: "Preview of dot.png" }).getByRole("img", { name: "dot.png" });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

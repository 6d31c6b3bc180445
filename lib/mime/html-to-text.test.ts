import { describe, expect, it } from "vitest";
import { convertHtmlToText } from "./html-to-text.ts";

describe("convertHtmlToText", () => {
  it("keeps the visible words only", () => {
    const html = "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script><!-- note --><p>One <b>bo</b>ld</p><div>Two&amp;three &lt;4&gt; &#233;&#x20AC; &bogus; &constructor;</div></body></html>";
    expect(convertHtmlToText(html)).toBe("One bold\nTwo&three <4> é€ &bogus; &constructor;");
  });

  it("treats a lone < as text and survives unterminated markup", () => {
    // "<d" opens a tag that never ends: browsers drop it, and so do we
    expect(convertHtmlToText("a < b and c<d")).toBe("a < b and c");
    expect(convertHtmlToText("text <script>never closed")).toBe("text");
    expect(convertHtmlToText("text <!-- never closed")).toBe("text");
    expect(convertHtmlToText("<p unterminated")).toBe("");
  });

  it("is linear on pathological input", () => {
    const started = performance.now();
    convertHtmlToText("<script>".repeat(100_000) + "<a".repeat(100_000) + "&amp".repeat(100_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

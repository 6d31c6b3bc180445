import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { renderStatusMarkdown } from "./render-status-markdown.ts";

/** Every attribute name in the rendered HTML, and every element name. */
function shape(html: string) {
  const document = new JSDOM(`<body>${html}</body>`).window.document;
  const elements = [...document.body.querySelectorAll("*")];
  return { tags: new Set(elements.map((e) => e.tagName.toLowerCase())), attributes: new Set(elements.flatMap((e) => [...e.attributes].map((a) => a.name))), document };
}

describe("renderStatusMarkdown", () => {
  it("renders the Markdown a post needs: paragraphs, emphasis, lists, code, links", () => {
    const html = renderStatusMarkdown("IMAP will be **down** for _five_ minutes.\n\n- kernel update\n- reboot\n\n`uname -r` — see [the notes](https://example.com/notes).");
    const { tags, document } = shape(html);
    for (const tag of ["p", "strong", "em", "ul", "li", "code", "a"]) expect(tags.has(tag), tag).toBe(true);
    const link = document.querySelector("a")!;
    expect(link.getAttribute("href")).toBe("https://example.com/notes");
    expect(link.getAttribute("rel")).toContain("noopener");
  });

  it("leaves scripts, event handlers, javascript: links, styles, images and frames inert or gone", () => {
    const hostile = [
      "<script>alert(1)</script>",
      '<img src="x" onerror="alert(2)">',
      '<p onclick="alert(3)" style="color:red">click</p>',
      "[link](javascript:alert(4))",
      '<a href="JaVaScRiPt:alert(5)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload="alert(6)"><circle/></svg>',
      "<style>body{display:none}</style>",
      '<div data-x="1" id="y" class="z">d</div>',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)',
      '<form action="https://evil.example"><button formaction="x">go</button></form>',
    ].join("\n\n");
    const html = renderStatusMarkdown(hostile);
    const { tags, attributes, document } = shape(html);
    for (const tag of ["script", "img", "iframe", "svg", "style", "form", "button"]) expect(tags.has(tag), tag).toBe(false);
    expect([...attributes].filter((name) => name !== "href" && name !== "rel")).toEqual([]);
    for (const link of document.querySelectorAll("a")) expect(link.getAttribute("href") ?? "").toMatch(/^(?:https?:|mailto:|$)/);
    expect(html).not.toMatch(/alert\(1\)|javascript:/i);
    expect(document.body.textContent).toContain("click");
  });

  it("escapes angle brackets written as text and survives very long input", () => {
    expect(renderStatusMarkdown("a < b & c > d")).toBe("<p>a &lt; b &amp; c &gt; d</p>\n");
    expect(renderStatusMarkdown("*".repeat(200_000)).length).toBeLessThan(200_000);
  });
});

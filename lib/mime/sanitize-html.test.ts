import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { sanitizeHtml, type SanitizeOptions } from "./sanitize-html.ts";

const corpusDir = path.join(import.meta.dirname, "testdata/xss");
// As the browser would take it: a part's bytes decoded as UTF-8 (the mixed file's bad bytes become U+FFFD).
const corpus = (name: string) => readFileSync(path.join(corpusDir, name), "utf8");
const resolveContentId = (id: string) => (id === "image001@example.test" || id === "logo@x" ? `/api/mail/messages/m1/parts/${id === "logo@x" ? "3" : "2"}?inline=1` : null);
const blocked: SanitizeOptions = { loadRemoteImages: false, resolveContentId };

/** The sanitised output as the browser would see it: the styles in <head>, the body. */
function render(html: string, options = blocked) {
  const result = sanitizeHtml(html, options);
  const dom = new JSDOM(`<!doctype html><html><head>${result.styles.map((s) => `<style>${s}</style>`).join("")}</head><body>${result.body}</body></html>`);
  return { ...result, document: dom.window.document, html: dom.serialize() };
}

/** What no sanitised document may contain, whatever went in. */
function expectInert(document: Document, remoteAllowed = false) {
  for (const tag of ["script", "form", "input", "button", "iframe", "frame", "object", "embed", "applet", "meta", "base", "link", "svg", "math", "foreignobject"]) {
    expect(document.getElementsByTagName(tag), tag).toHaveLength(0);
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      expect(attribute.name, `${element.tagName} ${attribute.name}`).not.toMatch(/^on|^(?:srcdoc|action|formaction|ping|http-equiv|xlink:href)$/);
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      expect(value, `${element.tagName} ${attribute.name}`).not.toMatch(/^(?:javascript|vbscript):/);
      if (attribute.name === "href") expect(value).toMatch(/^(?:https?:|mailto:|tel:|#)/);
      if (["src", "srcset", "background", "poster"].includes(attribute.name) && !remoteAllowed) expect(value).toMatch(/^(?:data:image\/|\/api\/mail\/messages\/)/);
    }
  }
  const css = [...document.querySelectorAll("style")].map((s) => s.textContent).join("\n") + [...document.querySelectorAll("[style]")].map((e) => e.getAttribute("style")).join("\n");
  expect(css).not.toMatch(/expression\s*\(|behaviou?r\s*:|-moz-binding|@import|javascript:|image-set/i);
  if (!remoteAllowed) expect(css).not.toMatch(/remote\.invalid/);
}

describe("sanitizeHtml on the hostile corpus", () => {
  const files = readdirSync(corpusDir).filter((name) => name.endsWith(".html"));

  it.each(files)("%s renders nothing active", (name) => {
    const { document } = render(corpus(name));
    expectInert(document);
    expect(document.body.textContent).not.toMatch(/__pwned\s*=\s*1(?!\+)/);
  });

  it("keeps the text around removed scripts", () => {
    const { document } = render(corpus("script-tags.html"));
    expect(document.body.textContent).toContain("Hello world");
    expect(document.body.textContent).toContain("kept text");
    expect(document.querySelector("b")?.textContent).toBe("world");
  });

  it("keeps safe links, opening in a new tab without referrer, and strips every obfuscated javascript: link", () => {
    const { document } = render(corpus("javascript-links.html"));
    const href = (id: string) => document.getElementById(id)?.getAttribute("href") ?? null;
    for (const id of ["l1", "l2", "l3", "l4", "l5", "l6", "l7", "l10", "l11"]) expect(href(id), id).toBeNull();
    expect(href("l8")).toBe("https://example.org/ok");
    expect(href("l9")).toBe("mailto:bob@example.test");
    const link = document.getElementById("l12")!;
    expect([link.getAttribute("target"), link.getAttribute("rel"), link.hasAttribute("ping")]).toEqual(["_blank", "noopener noreferrer", false]);
    expect(document.getElementById("l1")?.textContent).toBe("one");
  });

  it("removes event handlers but keeps the elements and harmless attributes", () => {
    const { document } = render(corpus("event-handlers.html"));
    expect(document.body.textContent).toContain("hover me");
    expect(document.querySelector("p")?.getAttribute("style")).toContain("color:red");
  });

  it("blocks remote images, backgrounds, srcset and posters and counts them; rewrites cid: and keeps data: images", () => {
    const { document, blockedRemoteCount } = render(corpus("remote-resources.html"));
    expect(blockedRemoteCount).toBe(6);
    expect(document.getElementById("remote")?.hasAttribute("src")).toBe(false);
    expect(document.getElementById("remote")?.getAttribute("alt")).toBe("tracker");
    expect(document.getElementById("srcset")?.hasAttribute("srcset")).toBe(false);
    expect(document.querySelector("table")?.hasAttribute("background")).toBe(false);
    expect(document.querySelector("video")?.hasAttribute("poster")).toBe(false);
    expect(document.getElementById("inline")?.getAttribute("src")).toBe("/api/mail/messages/m1/parts/2?inline=1");
    expect(document.getElementById("data")?.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(document.getElementById("relative")?.hasAttribute("src")).toBe(false);
    expect(document.getElementById("missing")?.hasAttribute("src")).toBe(false);
  });

  it("keeps remote images when asked, and still nothing active", () => {
    const { document, blockedRemoteCount } = render(corpus("remote-resources.html"), { ...blocked, loadRemoteImages: true });
    expect(blockedRemoteCount).toBe(0);
    expect(document.getElementById("remote")?.getAttribute("src")).toBe("http://remote.invalid/pixel.png");
    expect(document.getElementById("remote2")?.getAttribute("src")).toBe("https://remote.invalid/proto-relative.png");
    expect(document.querySelector("td")?.getAttribute("background")).toBe("https://remote.invalid/td.png");
    expectInert(document, true);
  });

  it("cleans style sheets and style attributes: no @import, expression, behavior, binding; remote url() blocked and counted, cid: rewritten", () => {
    const { document, styles, blockedRemoteCount } = render(corpus("css.html"));
    const sheet = styles.join("\n");
    expect(sheet).toContain("color: #333");
    expect(sheet).toContain("font-family: Georgia, serif");
    expect(sheet).not.toContain("remote.invalid");
    // body background, escaped url, inline style url (-moz-binding went with its whole declaration)
    expect(blockedRemoteCount).toBe(3);
    expect(document.querySelector("p")?.getAttribute("style")).toMatch(/color: blue/);
    expect(document.querySelector("p")?.getAttribute("style")).not.toMatch(/url/);
    expect(document.querySelectorAll("div")[0]?.getAttribute("style")).toMatch(/color: green/);
    expect(document.querySelectorAll("div")[1]?.getAttribute("style")).toContain('url("/api/mail/messages/m1/parts/3?inline=1")');
  });

  it("drops meta refresh, base, link and relative links", () => {
    const { document } = render(corpus("meta-base-link.html"));
    expect(document.body.textContent).toContain("body text");
    expect(document.querySelector("a")?.hasAttribute("href")).toBe(false);
  });

  it("drops forms, frames, objects and embeds with what they would load", () => {
    const { document, html } = render(corpus("forms-frames.html"));
    expect(document.body.textContent).toContain("after forms");
    expect(html).not.toContain("remote.invalid");
  });

  it("leaves UTF-7 markup as the text it is", () => {
    const { document } = render(corpus("encodings.html"));
    expect(document.body.textContent).toContain("+ADw-script+AD4-");
    expect(document.body.textContent).toContain("café €");
  });

  it("takes a fragment as well as a document", () => {
    expect(render("just <i>text</i>").document.body.innerHTML).toBe("just <i>text</i>");
  });
});

// A status post's Markdown as HTML that is safe to put straight into the public page: marked turns
// it into HTML (which may carry any raw HTML the author typed), then DOMPurify keeps only a small
// allow-list: text structure, emphasis, code, lists, tables and links. No images (a status post
// needs none from elsewhere), no styles, no attributes but a link's href, and only http(s)/mailto links.
import createDOMPurify, { type DOMPurify } from "dompurify";
import { JSDOM } from "jsdom";
import { Marked } from "marked";

const ALLOWED_TAGS = ["p", "br", "hr", "h2", "h3", "h4", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"];
const ALLOWED_ATTR = ["href"];
const SAFE_LINK = /^(?:https?:|mailto:)/i;
/** Posts are short; a body beyond this is refused by the editor, and cut here as a last guard. */
export const MAX_STATUS_MARKDOWN = 50_000;

const marked = new Marked({ gfm: true, breaks: false, async: false });
let purifier: DOMPurify | undefined;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM("");
  const instance = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  instance.addHook("afterSanitizeAttributes", (node) => {
    const element = node as Element;
    if (typeof element.getAttribute !== "function" || element.tagName !== "A") return;
    const href = element.getAttribute("href")?.trim() ?? "";
    if (!SAFE_LINK.test(href)) element.removeAttribute("href");
    else {
      element.setAttribute("rel", "nofollow noopener noreferrer");
    }
  });
  purifier = instance;
  return instance;
}

/** Markdown in, sanitised HTML out; never throws on odd input. */
export function renderStatusMarkdown(markdown: string): string {
  const html = marked.parse(markdown.slice(0, MAX_STATUS_MARKDOWN)) as string;
  return getPurifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [...ALLOWED_ATTR, "rel"],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    FORBID_TAGS: ["script", "style", "iframe", "object", "embed", "form", "img", "svg", "math"],
  }) as string;
}

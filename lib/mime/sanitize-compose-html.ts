import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";

/** What the compose editor produces (TipTap's StarterKit: paragraphs, marks, lists, quotes, links). */
const ALLOWED_TAGS = ["p", "br", "strong", "b", "em", "i", "u", "s", "strike", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2", "h3", "hr", "span", "div"];
const ALLOWED_ATTR = ["href"];
// Links only to the web and to mail addresses: no javascript:, data: or cid: references.
const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:)/i;

/**
 * The editor's HTML reduced to formatting a recipient's client can show safely: no scripts, no
 * styles, no images (a remote image is a tracking pixel in someone else's name), no attributes but
 * a link's address. The browser's HTML is never trusted: this runs on the server before sending.
 */
export function sanitizeComposeHtml(html: string): string {
  const purify = createDOMPurify(new JSDOM("").window);
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP, KEEP_CONTENT: true });
}

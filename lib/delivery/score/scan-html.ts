// Reads what the HTML rules need from one HTML body: its images and its links with their text.
import { convertHtmlToText } from "../../mime/html-to-text.ts";

/** A link as the reader sees it: where it goes, and the text shown for it. */
export type HtmlLink = { href: string; text: string };

export type HtmlScan = { imageCount: number; links: HtmlLink[] };

/** Links read per body; a message with more gains nothing by showing them all. */
const MAX_LINKS = 500;
/** Longer tags or link texts are not read: a link text that claims a domain is short. */
const MAX_TAG_LENGTH = 4096;
const MAX_LINK_TEXT = 2048;

/**
 * Counts <img> tags and reads each <a href>, with the text shown for it. Linear in the input: each
 * search only moves forward, so a body of unclosed tags costs one pass, not one pass per tag.
 */
export function scanHtml(html: string): HtmlScan {
  const lower = html.toLowerCase();
  return { imageCount: countImages(lower), links: readLinks(html, lower) };
}

function countImages(lower: string): number {
  let count = 0;
  for (let at = lower.indexOf("<img"); at >= 0; at = lower.indexOf("<img", at + 4)) {
    if (isTagNameEnd(lower.charCodeAt(at + 4))) count++;
  }
  return count;
}

function readLinks(html: string, lower: string): HtmlLink[] {
  const links: HtmlLink[] = [];
  let closeAt = -1;
  for (let open = lower.indexOf("<a"); open >= 0 && links.length < MAX_LINKS; open = lower.indexOf("<a", open + 2)) {
    if (!isTagNameEnd(lower.charCodeAt(open + 2))) continue;
    const tagEnd = lower.indexOf(">", open);
    // no ">" anywhere after: no later tag can end either
    if (tagEnd < 0) break;
    if (tagEnd - open > MAX_TAG_LENGTH) continue;
    const href = readHref(html.slice(open, tagEnd + 1));
    if (href === null) continue;
    if (closeAt < tagEnd) closeAt = findFrom(lower, "</a", tagEnd);
    const textEnd = Math.min(closeAt, tagEnd + 1 + MAX_LINK_TEXT);
    links.push({ href, text: convertHtmlToText(html.slice(tagEnd + 1, textEnd)) });
  }
  return links;
}

/** The href attribute of a tag, character references decoded, or null when there is none. */
function readHref(tag: string): string | null {
  const match = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
  if (!match) return null;
  // convertHtmlToText decodes "&amp;" and friends, which is all an attribute value needs here
  return convertHtmlToText(match[1] ?? match[2] ?? match[3]);
}

/** The index of `needle` at or after `from`, or the length of the text when it does not occur. */
function findFrom(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

/** True after "<img" or "<a" when the name ends there (not "<abbr", "<imgx"). */
function isTagNameEnd(code: number): boolean {
  // white space, "/", ">" or the end of the text (NaN)
  return Number.isNaN(code) || code === 0x2f || code === 0x3e || code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

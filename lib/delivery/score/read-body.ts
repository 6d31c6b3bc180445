// What the body rules need: which kinds of text the message carries, and what its HTML shows.
import { decodeTextBody } from "../../mime/decode-part-body.ts";
import { convertHtmlToText } from "../../mime/html-to-text.ts";
import type { MimePart } from "../../mime/message-index.ts";
import { scanHtml, type HtmlLink } from "./scan-html.ts";

export type BodyFacts = {
  /** A text/plain part that is not an attachment. */
  hasPlainText: boolean;
  /** A text/html part that is not an attachment. */
  hasHtml: boolean;
  /** Characters of visible text in the HTML parts, white space collapsed. */
  htmlTextLength: number;
  imageCount: number;
  links: HtmlLink[];
};

/** Encoded bytes read per HTML part, and HTML parts read per message: spam that hides past these gains little. */
const MAX_HTML_INPUT = 2 * 1024 * 1024;
const MAX_HTML_PARTS = 20;

/**
 * Looks at the message's own body parts, not those of forwarded messages inside it: a forwarded
 * newsletter says nothing about the person forwarding it.
 */
export function readBody(raw: Buffer, root: MimePart): BodyFacts {
  const bodies = listBodyParts(root);
  const htmlParts = bodies.filter((part) => part.subtype === "html");
  const facts: BodyFacts = {
    hasPlainText: bodies.some((part) => part.subtype === "plain"),
    hasHtml: htmlParts.length > 0,
    htmlTextLength: 0,
    imageCount: 0,
    links: [],
  };
  for (const part of htmlParts.slice(0, MAX_HTML_PARTS)) {
    const html = decodeTextBody(raw, part, MAX_HTML_INPUT);
    const scan = scanHtml(html);
    facts.htmlTextLength += convertHtmlToText(html).replace(/\s+/g, " ").trim().length;
    facts.imageCount += scan.imageCount;
    facts.links.push(...scan.links);
  }
  return facts;
}

/** The text/plain and text/html leaves of the message itself that a mail reader would show as its body. */
function listBodyParts(root: MimePart): MimePart[] {
  const parts: MimePart[] = [];
  const visit = (part: MimePart) => {
    if (part.children) {
      part.children.forEach(visit);
    } else if (part.type === "text" && (part.subtype === "plain" || part.subtype === "html") && part.disposition?.type !== "attachment") {
      parts.push(part);
    }
  };
  visit(root);
  return parts;
}

// Rules on the body's form: HTML without a plain-text version, and images with hardly any words.
import type { Rule } from "../rule.ts";

/** Characters of visible HTML text, [from, to), for a message with images; less text weighs more. */
const IMAGE_TEXT_BUCKETS: { from: number; to: number; score: number }[] = [
  { from: 0, to: 400, score: 1.8 },
  { from: 400, to: 800, score: 1.2 },
  { from: 800, to: 1200, score: 0.6 },
];

export const BODY_RULES: Rule[] = [
  {
    name: "MIME_HTML_ONLY",
    score: 1.0,
    description: "Message has HTML but no plain-text body",
    // mail programs send a text/plain alternative; bulk senders often skip it
    test: ({ body }) => body.hasHtml && !body.hasPlainText,
  },
  // the spammer's way past word filters: the pitch is in a picture, with a few words for show
  ...IMAGE_TEXT_BUCKETS.map(({ from, to, score }): Rule => ({
    name: `HTML_IMAGE_ONLY_${String(to / 100).padStart(2, "0")}`,
    score,
    description: `HTML: images with ${from}-${to} characters of text`,
    test: ({ body }) => body.imageCount > 0 && body.htmlTextLength >= from && body.htmlTextLength < to,
  })),
];

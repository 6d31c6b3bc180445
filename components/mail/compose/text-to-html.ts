/** Plain text as editor paragraphs: one per line, escaped; what switching to rich text (or a reply's quote) starts from. */
export function textToHtml(text: string): string {
  const escape = (line: string) => line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return text
    .split("\n")
    .map((line) => `<p>${escape(line)}</p>`)
    .join("");
}

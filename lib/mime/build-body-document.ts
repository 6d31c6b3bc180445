// The reading pane's frame content: a message body as a complete, inert HTML document.
import { sanitizeHtml } from "./sanitize-html.ts";

export type BodyDocumentInput = {
  html: string | null;
  plain: string | null;
  /** "text" shows the plain part even when there is HTML ("Plain text" toggle). */
  format: "html" | "text";
  loadRemoteImages: boolean;
  resolveContentId: (contentId: string) => string | null;
};

/** Readable defaults inside the frame; the message's own styles come after and win. */
const BASE_STYLE = `html{color-scheme:light}body{margin:0;padding:16px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre.mw-plain{margin:0;white-space:pre-wrap;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}`;

/** The document and how many remote resources were left out (for "Remote images are blocked (N)"). */
export function buildBodyDocument(input: BodyDocumentInput): { document: string; blockedRemoteCount: number } {
  if (input.html !== null && (input.format === "html" || input.plain === null)) {
    const sanitized = sanitizeHtml(input.html, { loadRemoteImages: input.loadRemoteImages, resolveContentId: input.resolveContentId });
    const styles = sanitized.styles.map((css) => `<style>${css}</style>`).join("");
    return { document: wrap(styles, sanitized.body), blockedRemoteCount: sanitized.blockedRemoteCount };
  }
  return { document: wrap("", `<pre class="mw-plain">${escapeHtml(input.plain ?? "")}</pre>`), blockedRemoteCount: 0 };
}

function wrap(head: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style>${head}</head><body>${body}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

"use client";
import type { DisplayAttachment } from "./mail-types";

/** The types the parts route serves inline (app/api/mail/messages/[id]/parts/[part]/route.ts); never SVG, which can carry script. */
export function previewKindOf(contentType: string): "image" | "pdf" | null {
  if (/^image\/(?:png|jpeg|gif|webp|bmp|avif)$/.test(contentType)) return "image";
  return contentType === "application/pdf" ? "pdf" : null;
}

/**
 * An attachment shown over the page. A PDF opens in the browser's own viewer in a frame of the
 * part's URL; the frame has no sandbox attribute, since Chromium refuses to run its PDF viewer in a
 * sandboxed frame, so the sandbox comes from the response itself: `Content-Security-Policy:
 * sandbox; default-src 'none'` (no script, no plugin of the document's own, no requests).
 */
export function AttachmentPreview({ url, attachment, onClose }: { url: string; attachment: DisplayAttachment; onClose: () => void }) {
  const kind = previewKindOf(attachment.contentType);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={`Preview of ${attachment.filename}`}
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4"
      onClick={onClose}
      onKeyDown={(event) => {
        // Escape closes the preview, not the message behind it (use-keyboard-shortcuts.ts listens on window).
        if (event.key !== "Escape") return;
        event.stopPropagation();
        onClose();
      }}
    >
      <div className="flex h-full max-h-[90vh] w-full max-w-4xl flex-col overflow-hidden rounded-lg bg-white shadow-xl dark:bg-slate-900" onClick={(event) => event.stopPropagation()}>
        <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2 text-sm dark:border-slate-700">
          <h2 className="min-w-0 flex-1 truncate font-semibold">{attachment.filename}</h2>
          <a href={url} download={attachment.filename} className="text-blue-700 underline dark:text-blue-300">
            Download
          </a>
          <button type="button" autoFocus onClick={onClose} className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
            Close
          </button>
        </div>
        {kind === "pdf" ? (
          <iframe title={`PDF preview of ${attachment.filename}`} src={`${url}?inline=1`} referrerPolicy="no-referrer" className="min-h-0 w-full flex-1 border-0 bg-slate-100 dark:bg-slate-800" />
        ) : (
          <div className="flex min-h-0 flex-1 items-center justify-center bg-slate-100 p-4 dark:bg-slate-800">
            {/* eslint-disable-next-line @next/next/no-img-element -- our own authenticated URL, not an optimisable asset */}
            <img src={`${url}?inline=1`} alt={attachment.filename} className="max-h-full max-w-full object-contain" />
          </div>
        )}
      </div>
    </div>
  );
}

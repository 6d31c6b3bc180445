"use client";
import { useState } from "react";
import { formatBytes } from "@/components/ui/format-bytes";
import type { DisplayAddress, MessageDetails } from "./mail-types";
import { AttachmentPreview, previewKindOf } from "./attachment-preview";

/** What the reading pane and an open conversation show of one message, below its own header. */

export type BodyDisplay = { showImages: boolean; format: "html" | "text" };

export function AddressLine({ label, addresses }: { label: string; addresses: DisplayAddress[] }) {
  if (addresses.length === 0) return null;
  return (
    <p className="break-words">
      <span className="text-slate-500">{label}: </span>
      {addresses.map((a, i) => (
        <span key={i}>
          {i > 0 && ", "}
          {a.name ? (
            <>
              {a.name} <span className="text-slate-500">&lt;{a.address}&gt;</span>
            </>
          ) : (
            a.address
          )}
        </span>
      ))}
    </p>
  );
}

/** "Remote images are blocked (n)": show them once, or always from this sender. */
export function RemoteImagesBar({ details, display, onShowImages }: { details: MessageDetails; display: BodyDisplay; onShowImages: () => void }) {
  if (details.blockedRemoteCount === 0 || display.showImages || details.remoteImagesAllowed || display.format !== "html") return null;
  return (
    <div role="status" className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <span>Remote images are blocked ({details.blockedRemoteCount}) — they could tell the sender you read this.</span>
      <button type="button" onClick={onShowImages} className="rounded-md border border-amber-400 px-2 py-0.5 hover:bg-amber-100 dark:hover:bg-amber-900">
        Show images
      </button>
      {details.from[0] && (
        <button
          type="button"
          onClick={async () => {
            const response = await fetch("/api/mail/remote-image-senders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ address: details.from[0]!.address }) });
            if (response.ok) onShowImages();
          }}
          className="rounded-md border border-amber-400 px-2 py-0.5 hover:bg-amber-100 dark:hover:bg-amber-900"
        >
          Always from {details.from[0].address}
        </button>
      )}
    </div>
  );
}

/**
 * The body in a frame that can run nothing (no allow-scripts), is of no origin (no
 * allow-same-origin), and loads remote images only after "Show images".
 */
export function BodyFrame({ messageId, display, className = "min-h-[60vh] flex-1" }: { messageId: string; display: BodyDisplay; className?: string }) {
  const base = `/api/mail/messages/${encodeURIComponent(messageId)}`;
  // Needs nothing from the message's details ("auto": the server applies the reader's image
  // settings for the sender), so it loads alongside them rather than after.
  return (
    <iframe
      key={`${messageId}-${display.showImages}-${display.format}`}
      title="Message body"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      src={`${base}/body?images=${display.showImages ? "1" : "auto"}&format=${display.format}`}
      referrerPolicy="no-referrer"
      className={`w-full border-0 bg-white ${className}`}
    />
  );
}

/** The attachments (not the inline images the body shows): download, and a preview of images and PDFs. */
export function Attachments({ details }: { details: MessageDetails }) {
  const [previewPart, setPreviewPart] = useState<string | null>(null);
  const attachments = details.attachments.filter((a) => !a.isInline);
  if (attachments.length === 0) return null;
  const base = `/api/mail/messages/${encodeURIComponent(details.id)}`;
  const previewed = attachments.find((a) => a.part === previewPart);
  return (
    <section aria-label="Attachments" className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 className="mb-2 text-sm font-semibold">Attachments ({attachments.length})</h3>
      <ul className="flex flex-wrap gap-3">
        {attachments.map((a) => {
          const url = `${base}/parts/${encodeURIComponent(a.part)}`;
          const previewKind = previewKindOf(a.contentType);
          return (
            <li key={a.part} className="w-48 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-700">
              {previewKind === "image" && (
                <button type="button" onClick={() => setPreviewPart(a.part)} className="mb-2 block w-full" aria-label={`Preview ${a.filename}`}>
                  {/* eslint-disable-next-line @next/next/no-img-element -- our own authenticated URL, not an optimisable asset */}
                  <img src={`${url}?inline=1`} alt={`Preview of ${a.filename}`} className="max-h-32 w-full rounded object-contain" />
                </button>
              )}
              <a href={url} download={a.filename} className="block truncate text-blue-700 underline dark:text-blue-300" aria-label={`Download ${a.filename}`}>
                {a.filename}
              </a>
              <span className="flex items-center justify-between gap-2 text-xs text-slate-500">
                {formatBytes(a.size)}
                {previewKind === "pdf" && (
                  <button type="button" onClick={() => setPreviewPart(a.part)} aria-label={`Preview ${a.filename}`} className="rounded-md border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800">
                    Preview
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {previewed && <AttachmentPreview url={`${base}/parts/${encodeURIComponent(previewed.part)}`} attachment={previewed} onClose={() => setPreviewPart(null)} />}
    </section>
  );
}

"use client";

import { useRef } from "react";
import { formatBytes } from "@/components/ui/format-bytes";
import type { AttachmentItem } from "./compose-types";

/** The form's attachments: each with its size, a progress bar while it uploads, its error, and a remove button. */
export function AttachmentList({ items, maxBytes, onAdd, onRemove }: { items: AttachmentItem[]; maxBytes: number; onAdd: (files: File[]) => void; onRemove: (item: AttachmentItem) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => input.current?.click()} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900">
          Attach files
        </button>
        <span className="text-xs text-slate-500" data-testid="upload-limit">
          Up to {formatBytes(maxBytes)} per file
        </span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="attach-input"
          onChange={(event) => {
            onAdd([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      {items.length > 0 && (
        <ul className="space-y-1.5" aria-label="Attachments">
          {items.map((item) => (
            <li key={item.key} data-testid="attachment" className="rounded-md border border-slate-200 px-3 py-1.5 text-sm dark:border-slate-800">
              <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate" title={item.name}>
                  {item.name}
                </span>
                <span className="shrink-0 text-xs text-slate-500">{formatBytes(item.size)}</span>
                <button type="button" aria-label={`Remove ${item.name}`} onClick={() => onRemove(item)} className="shrink-0 text-slate-500 hover:text-red-700">
                  ×
                </button>
              </div>
              {item.progress !== undefined && !item.id && !item.error && (
                <div className="mt-1 h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-label={`Uploading ${item.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(item.progress * 100)}>
                  <div className="h-full bg-blue-600 transition-[width]" style={{ width: `${Math.round(item.progress * 100)}%` }} />
                </div>
              )}
              {item.error && (
                <p className="mt-1 text-xs text-red-700" data-testid="attachment-error" role="alert">
                  {item.error}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

"use client";
import { useState } from "react";
import { formatFullDate } from "./format-list-date";
import type { FolderSummary } from "./mail-types";
import { MessageToolbar } from "./message-toolbar";
import type { MessageActionName } from "./post-message-action";
import { useMessageDetails } from "./use-message-details";
import { AddressLine, Attachments, BodyFrame, RemoteImagesBar } from "./message-parts";

type Props = {
  messageId: string;
  onBack: () => void;
  /** Called once the message has been marked seen on the server. */
  onSeen: (id: string, folderId: string) => void;
  folders: FolderSummary[];
  onAction: (action: MessageActionName, folderId?: string) => void;
  canBlockSenders: boolean;
  /** Changes after an action on this message: its flags are read again. */
  refreshToken: number;
};

/**
 * One message: its headers, then its body in a frame that can run nothing (no allow-scripts), is
 * of no origin (no allow-same-origin), and loads remote images only after "Show images".
 */
export function ReadingPane({ messageId, onBack, onSeen, folders, onAction, canBlockSenders, refreshToken }: Props) {
  const { details, error } = useMessageDetails(messageId, refreshToken, onSeen);
  const [display, setDisplay] = useState({ id: messageId, showImages: false, format: "html" as "html" | "text" });
  if (display.id !== messageId) setDisplay({ id: messageId, showImages: false, format: "html" });
  const base = `/api/mail/messages/${encodeURIComponent(messageId)}`;
  return (
    <article aria-label="Message" className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-2 py-1 text-sm md:hidden dark:border-slate-700">
          ← Back
        </button>
        {details && (
          <>
            {details.hasHtml && details.hasPlain && (
              <button
                type="button"
                aria-pressed={display.format === "text"}
                onClick={() => setDisplay({ ...display, format: display.format === "html" ? "text" : "html" })}
                className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                Plain text
              </button>
            )}
            <a href={`${base}/raw`} target="_blank" rel="noopener noreferrer" className="ml-auto text-sm text-blue-700 underline dark:text-blue-300">
              Show source
            </a>
          </>
        )}
      </div>
      {error && <p role="alert" className="p-6 text-sm text-red-700">{error}</p>}
      {details && <MessageToolbar details={details} folders={folders} onAction={onAction} canBlockSenders={canBlockSenders} />}
      {!error && (
        <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">
          {!details && <p className="p-6 text-sm text-slate-500">Loading…</p>}
          {details && (
            <header className="space-y-1 border-b border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
              <h2 className="text-lg font-semibold break-words">{details.subject || "(no subject)"}</h2>
              <AddressLine label="From" addresses={details.from} />
              <AddressLine label="To" addresses={details.to} />
              <AddressLine label="Cc" addresses={details.cc} />
              <AddressLine label="Reply-To" addresses={details.replyTo} />
              <p className="text-slate-500">
                <time dateTime={details.date}>{formatFullDate(details.date)}</time>
              </p>
            </header>
          )}
          {details && <RemoteImagesBar details={details} display={display} onShowImages={() => setDisplay({ ...display, showImages: true })} />}
          <BodyFrame messageId={messageId} display={display} />
          {details && <Attachments details={details} />}
        </div>
      )}
    </article>
  );
}

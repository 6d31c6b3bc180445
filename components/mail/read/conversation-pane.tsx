"use client";
import { useEffect, useState } from "react";
import { formatFullDate, formatListDate } from "./format-list-date";
import type { ConversationEntry, FolderSummary } from "./mail-types";
import { MessageToolbar } from "./message-toolbar";
import type { MessageActionName } from "./post-message-action";
import { useMessageDetails } from "./use-message-details";
import { AddressLine, Attachments, BodyFrame, RemoteImagesBar, type BodyDisplay } from "./message-parts";

type Props = {
  /** The message whose conversation this is (the list row's newest message). */
  messageId: string;
  onBack: () => void;
  onSeen: (id: string, folderId: string) => void;
  folders: FolderSummary[];
  /** An action on one message of the conversation. */
  onAction: (messageId: string, action: MessageActionName, folderId?: string) => void;
  canBlockSenders: boolean;
  /** Changes after an action: the conversation and its open messages are read again. */
  refreshToken: number;
};

type Loaded = { id: string; token: number; messages: ConversationEntry[] | null; error: string | null };

/**
 * A conversation in the reading pane, oldest first, wherever its messages are filed (a reply in
 * Sent belongs to it; lib/store/list-conversation.ts): the newest open, the older ones as one-line
 * summaries that open when clicked.
 */
export function ConversationPane({ messageId, onBack, onSeen, folders, onAction, canBlockSenders, refreshToken }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ id: "", token: -1, messages: null, error: null });
  const [expanded, setExpanded] = useState<{ id: string; ids: ReadonlySet<string> }>({ id: messageId, ids: new Set() });
  if (expanded.id !== messageId) setExpanded({ id: messageId, ids: new Set() });

  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const response = await fetch(`/api/mail/conversations/${encodeURIComponent(messageId)}`);
      if (!isCurrent) return;
      if (!response.ok) {
        setLoaded({ id: messageId, token: refreshToken, messages: null, error: response.status === 404 ? "This conversation does not exist (any more)." : "The conversation could not be loaded." });
        return;
      }
      const { messages } = (await response.json()) as { messages: ConversationEntry[] };
      if (isCurrent) setLoaded({ id: messageId, token: refreshToken, messages, error: null });
    })();
    return () => {
      isCurrent = false;
    };
  }, [messageId, refreshToken]);

  const messages = loaded.id === messageId ? loaded.messages : null;
  const error = loaded.id === messageId ? loaded.error : null;
  const newest = messages?.at(-1);
  const isOpen = (id: string) => id === newest?.id || expanded.ids.has(id);
  const toggle = (id: string) => setExpanded((current) => {
    const ids = new Set(current.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ...current, ids };
  });
  return (
    <article aria-label="Conversation" className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 md:hidden dark:border-slate-800">
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">
          ← Back
        </button>
      </div>
      {error && <p role="alert" className="p-6 text-sm text-red-700">{error}</p>}
      {!messages && !error && <p className="p-6 text-sm text-slate-500">Loading…</p>}
      {messages && messages.length === 0 && <p className="p-6 text-sm text-slate-500">No messages are left in this conversation.</p>}
      {messages && newest && (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <h2 className="border-b border-slate-200 px-4 py-3 text-lg font-semibold break-words dark:border-slate-800">
            {newest.subject || "(no subject)"} <span className="text-sm font-normal text-slate-500">({messages.length} {messages.length === 1 ? "message" : "messages"})</span>
          </h2>
          <ol aria-label="Messages in this conversation">
            {messages.map((entry) =>
              isOpen(entry.id) ? (
                <li key={entry.id} data-testid="conversation-message" data-expanded="true" className="border-b border-slate-200 dark:border-slate-800">
                  <ExpandedMessage
                    entry={entry}
                    canCollapse={entry.id !== newest.id}
                    onCollapse={() => toggle(entry.id)}
                    onSeen={onSeen}
                    folders={folders}
                    onAction={(action, folderId) => onAction(entry.id, action, folderId)}
                    canBlockSenders={canBlockSenders}
                    refreshToken={refreshToken}
                  />
                </li>
              ) : (
                <li key={entry.id} data-testid="conversation-message" data-expanded="false" className="border-b border-slate-200 dark:border-slate-800">
                  <button type="button" aria-expanded="false" onClick={() => toggle(entry.id)} className="flex w-full flex-col gap-0.5 px-4 py-2 text-left text-sm hover:bg-slate-50 dark:hover:bg-slate-900">
                    <span className="flex items-center gap-2">
                      <span className={`min-w-0 flex-1 truncate ${entry.isSeen ? "" : "font-semibold"}`}>{entry.fromName || entry.fromAddress || "(no sender)"}</span>
                      <FolderTag entry={entry} />
                      <time dateTime={entry.internalDate} className="shrink-0 text-xs text-slate-500">{formatListDate(entry.internalDate)}</time>
                    </span>
                    <span className="truncate text-xs text-slate-500">{entry.preview}</span>
                  </button>
                </li>
              ),
            )}
          </ol>
        </div>
      )}
    </article>
  );
}

/** Where a message of the conversation is filed, when that is not an ordinary place for it to be (Sent, another folder). */
function FolderTag({ entry }: { entry: ConversationEntry }) {
  if (entry.folderName === "INBOX") return null;
  return <span className="shrink-0 rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{entry.folderName}</span>;
}

function ExpandedMessage({ entry, canCollapse, onCollapse, onSeen, folders, onAction, canBlockSenders, refreshToken }: {
  entry: ConversationEntry;
  canCollapse: boolean;
  onCollapse: () => void;
  onSeen: (id: string, folderId: string) => void;
  folders: FolderSummary[];
  onAction: (action: MessageActionName, folderId?: string) => void;
  canBlockSenders: boolean;
  refreshToken: number;
}) {
  const { details, error } = useMessageDetails(entry.id, refreshToken, onSeen);
  const [display, setDisplay] = useState<BodyDisplay>({ showImages: false, format: "html" });
  const header = (
    <span className="flex items-center gap-2">
      <span className="min-w-0 flex-1 truncate font-semibold">{entry.fromName || entry.fromAddress || "(no sender)"}</span>
      <FolderTag entry={entry} />
      <time dateTime={entry.internalDate} className="shrink-0 text-xs font-normal text-slate-500">{formatFullDate(entry.internalDate)}</time>
    </span>
  );
  return (
    <div className="flex flex-col">
      {canCollapse ? (
        <button type="button" aria-expanded="true" onClick={onCollapse} className="px-4 pt-3 pb-1 text-left text-sm hover:bg-slate-50 dark:hover:bg-slate-900">
          {header}
        </button>
      ) : (
        <div className="px-4 pt-3 pb-1 text-sm">{header}</div>
      )}
      {error && <p role="alert" className="px-4 py-2 text-sm text-red-700">{error}</p>}
      {!details && !error && <p className="px-4 py-2 text-sm text-slate-500">Loading…</p>}
      {details && (
        <>
          <div className="space-y-0.5 px-4 pb-2 text-sm">
            <AddressLine label="To" addresses={details.to} />
            <AddressLine label="Cc" addresses={details.cc} />
          </div>
          <MessageToolbar details={details} folders={folders} onAction={onAction} canBlockSenders={canBlockSenders} />
          <RemoteImagesBar details={details} display={display} onShowImages={() => setDisplay({ ...display, showImages: true })} />
          <BodyFrame messageId={details.id} display={display} className="h-[50vh]" />
          <Attachments details={details} />
        </>
      )}
    </div>
  );
}

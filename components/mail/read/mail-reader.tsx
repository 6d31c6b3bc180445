"use client";
import { useCallback, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { FolderList, FolderSelect } from "./folder-list";
import { MessageList, type ListPage } from "./message-list";
import { ReadingPane } from "./reading-pane";
import { SortControls } from "./sort-controls";
import { SearchBox } from "./search-box";
import { UndoToast } from "./undo-toast";
import { KeyboardHelp } from "./keyboard-help";
import { EmptyFolderButton, FolderTools } from "./folder-tools";
import { BulkActions } from "./bulk-actions";
import { useMailUrl } from "./use-mail-url";
import { useLiveChanges } from "./use-live-changes";
import { useKeyboardShortcuts } from "./use-keyboard-shortcuts";
import { postMessageAction, undoMove, type MessageActionName, type MovedMessage } from "./post-message-action";
import type { FolderSummary, ListView } from "./mail-types";
import { SentNotice } from "@/components/mail/compose/sent-notice";
import { ConversationPane } from "./conversation-pane";
import { useConversationView } from "./use-conversation-view";
import { changeFolder } from "./folder-tools";
import { orderFolders } from "./folder-order";

type Props = { mailboxId: string; folders: FolderSummary[]; initialView: ListView; initialPage: ListPage | null; canBlockSenders: boolean };

const MOVE_LABELS: Partial<Record<MessageActionName, string>> = { trash: "Moved to Trash", archive: "Archived", junk: "Moved to Junk", notjunk: "Moved to Inbox", move: "Moved" };

/**
 * Three panes on a wide screen (folders | list | message); on a phone one at a time: the list
 * (with a folder picker), and the message with a Back button. Live: the change feed refreshes the
 * folders, the list and the open message.
 */
export function MailReader({ mailboxId, folders: initialFolders, initialView, initialPage, canBlockSenders }: Props) {
  const router = useRouter();
  const { view, openId, navigate } = useMailUrl(initialView);
  const [folders, setFolders] = useState(initialFolders);
  const [seenIds, setSeenIds] = useState<ReadonlySet<string>>(new Set());
  const [refreshToken, setRefreshToken] = useState(0);
  // The open message is read again only after an action on it (flag, unread), not on every change
  // in the mailbox: re-rendering it under the reader's pointer for unrelated mail helps nobody.
  const [detailsVersion, setDetailsVersion] = useState(0);
  const [toast, setToast] = useState<{ text: string; moved: MovedMessage[] } | null>(null);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const check = useCallback((id: string, isChecked: boolean) => setChecked((current) => {
    const next = new Set(current);
    if (isChecked) next.add(id);
    else next.delete(id);
    return next;
  }), []);
  const rowIds = useRef<string[]>([]);
  const searchInput = useRef<HTMLInputElement>(null);
  const isInitialView = view.folderId === initialView.folderId && view.sort === initialView.sort && view.dir === initialView.dir && !view.query;
  const currentFolder = folders.find((f) => f.id === view.folderId);
  const [isConversationView, setIsConversationView] = useConversationView(mailboxId);
  const showsConversations = isConversationView && !view.query;

  const refresh = useCallback(async () => {
    setRefreshToken((token) => token + 1);
    const response = await fetch("/api/mail/folders");
    if (response.ok) setFolders(((await response.json()) as { folders: FolderSummary[] }).folders);
  }, []);
  useLiveChanges(refresh);

  const selectFolder = useCallback((id: string) => {
    setChecked(new Set());
    navigate({ folder: id, m: null, q: null, all: null });
  }, [navigate]);
  const openMessage = useCallback((id: string) => navigate({ m: id }), [navigate]);
  const linkFor = useCallback((id: string) => {
    const params = new URLSearchParams({ folder: view.folderId, sort: view.sort, dir: view.dir, m: id });
    return `/mail?${params}`;
  }, [view.folderId, view.sort, view.dir]);
  const markSeen = useCallback((id: string, folderId: string) => {
    setSeenIds((current) => new Set(current).add(id));
    setFolders((current) => current.map((f) => (f.id === folderId ? { ...f, unseenCount: Math.max(0, f.unseenCount - 1) } : f)));
  }, []);
  const onRowsChange = useCallback((ids: string[]) => (rowIds.current = ids), []);

  const neighbour = (id: string, step: number) => {
    const index = rowIds.current.indexOf(id);
    return index === -1 ? undefined : rowIds.current[index + step];
  };

  /** An action on the open message, or on another message of the open conversation (`messageId`). */
  const act = useCallback(
    async (action: MessageActionName, folderId?: string, messageId = openId) => {
      if (!openId || !messageId) return;
      // A message leaving the folder: show the next one (or the one before, at the end), as mail clients do.
      // An older message of an open conversation leaving it leaves the conversation open.
      const isMove = action in MOVE_LABELS || action === "delete";
      const next = isMove && messageId === openId ? (neighbour(openId, 1) ?? neighbour(openId, -1) ?? null) : openId;
      try {
        const result = await postMessageAction(action, [messageId], folderId);
        if (isMove) {
          navigate({ m: next });
          const target = folders.find((f) => f.id === folderId);
          const isGone = action === "trash" && result.moved.length === 0;
          setToast({ text: isGone ? "Deleted for good" : `${MOVE_LABELS[action]}${target ? ` to ${target.name}` : ""}`, moved: result.moved });
        }
        if (action === "unread") setSeenIds((current) => new Set([...current].filter((id) => id !== messageId)));
        if (!isMove || messageId !== openId) setDetailsVersion((version) => version + 1);
      } catch (error) {
        setToast({ text: (error as Error).message, moved: [] });
      }
      void refresh();
    },
    [openId, navigate, folders, refresh],
  );

  const actOnChecked = useCallback(
    async (action: MessageActionName, folderId?: string) => {
      const ids = [...checked];
      try {
        const result = await postMessageAction(action, ids, folderId);
        setChecked(new Set());
        if (openId && ids.includes(openId) && (action in MOVE_LABELS || action === "delete")) navigate({ m: null });
        if (action in MOVE_LABELS) setToast({ text: `${MOVE_LABELS[action]}: ${result.count} ${result.count === 1 ? "message" : "messages"}`, moved: result.moved });
      } catch (error) {
        setToast({ text: (error as Error).message, moved: [] });
      }
      void refresh();
    },
    [checked, openId, navigate, refresh],
  );

  /** Messages dragged onto a folder: the same move as "Move to…", with the same Undo. */
  const moveDropped = useCallback(
    async (ids: string[], folderId: string) => {
      try {
        const result = await postMessageAction("move", ids, folderId);
        if (ids.some((id) => checked.has(id))) setChecked(new Set());
        if (openId && ids.includes(openId)) navigate({ m: null });
        const target = orderFolders(folders).find((f) => f.id === folderId);
        setToast({ text: `Moved to ${target?.label ?? "folder"}: ${result.count} ${result.count === 1 ? "message" : "messages"}`, moved: result.moved });
      } catch (error) {
        setToast({ text: (error as Error).message, moved: [] });
      }
      void refresh();
    },
    [checked, openId, navigate, folders, refresh],
  );

  /** A folder dragged into another, or to the top level (parentId null). */
  const nestFolder = useCallback(
    async (folderId: string, parentId: string | null) => {
      try {
        await changeFolder({ op: "nest", folderId, parentId });
      } catch (error) {
        setToast({ text: (error as Error).message, moved: [] });
      }
      void refresh();
    },
    [refresh],
  );

  const undo = useCallback(async () => {
    if (!toast) return;
    const moved = toast.moved;
    setToast(null);
    try {
      await undoMove(moved);
      if (moved.length === 1) navigate({ m: null });
    } catch (error) {
      setToast({ text: (error as Error).message, moved: [] });
    }
    void refresh();
  }, [toast, navigate, refresh]);

  useKeyboardShortcuts((key) => {
    const open = (id: string | undefined) => id && navigate({ m: id });
    const compose = (mode: string) => openId && router.push(`/mail/compose?${new URLSearchParams({ reply: openId, mode })}`);
    switch (key) {
      case "j": return Boolean(open(openId ? neighbour(openId, 1) : rowIds.current[0]));
      case "k": return Boolean(open(openId ? neighbour(openId, -1) : rowIds.current[0]));
      case "o": case "Enter": return Boolean(!openId && open(rowIds.current[0]));
      case "u": case "Escape": if (isHelpOpen) setIsHelpOpen(false); else navigate({ m: null }); return true;
      case "r": return Boolean(compose("reply"));
      case "a": return Boolean(compose("all"));
      case "f": return Boolean(compose("forward"));
      case "e": void act("archive"); return Boolean(openId);
      case "#": void act("trash"); return Boolean(openId);
      case "s": void (async () => {
        if (!openId) return;
        const response = await fetch(`/api/mail/messages/${encodeURIComponent(openId)}`);
        if (response.ok) void act(((await response.json()) as { isFlagged: boolean }).isFlagged ? "unflag" : "flag");
      })(); return Boolean(openId);
      case "/": searchInput.current?.focus(); return true;
      case "c": router.push("/mail/compose"); return true;
      case "?": setIsHelpOpen(true); return true;
      case "x": if (openId) check(openId, !checked.has(openId)); return Boolean(openId);
      default: return false;
    }
  });

  return (
    <div className="grid h-full min-h-0 grid-cols-1 md:grid-cols-[13rem_minmax(18rem,24rem)_1fr]">
      <aside className="hidden min-h-0 flex-col border-r border-slate-200 md:flex dark:border-slate-800">
        <div className="min-h-0 flex-1">
          <FolderList folders={folders} selectedId={view.folderId} onSelect={selectFolder} onDropMessages={moveDropped} onNestFolder={nestFolder} />
        </div>
        <FolderTools
          folders={folders}
          selected={currentFolder}
          onNest={nestFolder}
          onChanged={(select) => {
            void refresh();
            selectFolder(select === "inbox" ? (folders.find((f) => f.name === "INBOX")?.id ?? initialView.folderId) : select.folderId);
          }}
        />
      </aside>
      <section aria-label="Message list" className={`${openId ? "hidden md:flex" : "flex"} min-h-0 flex-col border-r border-slate-200 dark:border-slate-800`}>
        <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
          <div className="flex min-w-0 flex-1 md:hidden">
            <FolderSelect folders={folders} selectedId={view.folderId} onSelect={selectFolder} />
          </div>
          <h1 className="hidden min-w-0 flex-1 truncate font-semibold md:block">
            {view.query ? "Search results" : currentFolder ? (currentFolder.name === "INBOX" ? "Inbox" : currentFolder.name) : "Folder"}
          </h1>
          {!view.query && currentFolder && <EmptyFolderButton folder={currentFolder} onEmptied={() => void refresh()} />}
          {!view.query && (
            <button
              type="button"
              aria-pressed={isConversationView}
              title="Group messages into conversations"
              onClick={() => setIsConversationView(!isConversationView)}
              className={`rounded-md border px-2 py-1 text-sm ${isConversationView ? "border-blue-500 bg-blue-50 text-blue-900 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-100" : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"}`}
            >
              Conversations
            </button>
          )}
          {!view.query && !showsConversations && <SortControls view={view} onChange={(sort, dir) => navigate({ sort, dir })} />}
        </div>
        {checked.size > 0 && <BulkActions count={checked.size} folders={folders} currentFolderId={view.folderId} onAction={actOnChecked} onClear={() => setChecked(new Set())} />}
        <SearchBox ref={searchInput} query={view.query} allFolders={view.allFolders} onSearch={(q, all) => navigate({ q: q || null, all: q && all ? "1" : null, m: null })} />
        {currentFolder ? (
          <MessageList
            view={view}
            isConversationView={isConversationView}
            initialPage={isInitialView ? initialPage : null}
            selectedId={openId}
            seenIds={seenIds}
            onOpen={openMessage}
            linkFor={linkFor}
            refreshToken={refreshToken}
            onRowsChange={onRowsChange}
            checkedIds={checked}
            onCheck={check}
          />
        ) : (
          <p className="p-6 text-sm text-slate-500">This folder does not exist (any more).</p>
        )}
      </section>
      <section aria-label="Reading pane" className={`${openId ? "flex" : "hidden md:flex"} min-h-0 flex-col`}>
        {openId && showsConversations ? (
          <ConversationPane messageId={openId} onBack={() => navigate({ m: null })} onSeen={markSeen} folders={folders} onAction={(messageId, action, folderId) => void act(action, folderId, messageId)} canBlockSenders={canBlockSenders} refreshToken={detailsVersion} />
        ) : openId ? (
          <ReadingPane messageId={openId} onBack={() => navigate({ m: null })} onSeen={markSeen} folders={folders} onAction={act} canBlockSenders={canBlockSenders} refreshToken={detailsVersion} />
        ) : (
          <p className="m-auto p-6 text-sm text-slate-500">Select a message to read it. Press ? for keyboard shortcuts.</p>
        )}
      </section>
      {toast && <UndoToast text={toast.text} onUndo={toast.moved.length > 0 ? undo : undefined} onClose={() => setToast(null)} />}
      {isHelpOpen && <KeyboardHelp onClose={() => setIsHelpOpen(false)} />}
      <SentNotice />
    </div>
  );
}

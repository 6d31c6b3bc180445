"use client";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { formatListDate } from "./format-list-date";
import { FlagIcon, PaperclipIcon, ReplyIcon } from "@/components/ui/icons";
import { startMessagesDrag } from "./drag-data";
import { LIST_PAGE_SIZE, type ConversationRow, type ListView, type MessageRow } from "./mail-types";

const ROW_HEIGHT = 76;

export type ListPage = { total: number; rows: MessageRow[] };

type Row = MessageRow | ConversationRow;
const isConversationRow = (row: Row): row is ConversationRow => "messageCount" in row;

type Props = {
  view: ListView;
  /** One row per conversation (lib/store/list-conversation-page.ts) instead of one per message; not for searches. */
  isConversationView: boolean;
  /** The server's first page, when it is of this view. */
  initialPage: ListPage | null;
  selectedId: string | null;
  /** Messages marked seen since their page was fetched. */
  seenIds: ReadonlySet<string>;
  onOpen: (id: string) => void;
  /** The URL that opens a message, for a middle click or a new tab. */
  linkFor: (id: string) => string;
  /** Changes when the mailbox changed (live updates, an action): the loaded pages are fetched again. */
  refreshToken: number;
  /** The loaded rows in list order, whenever they change (for j/k and "next message after a move"). */
  onRowsChange: (ids: string[]) => void;
  /** Messages ticked for a bulk action. */
  checkedIds: ReadonlySet<string>;
  onCheck: (id: string, isChecked: boolean) => void;
};

const subscribeNothing = () => () => undefined;

/**
 * The folder's messages as a virtual list: only the rows in view exist in the DOM, and pages of
 * LIST_PAGE_SIZE are fetched by offset as they scroll into view, never the whole folder.
 */
export function MessageList({ view, isConversationView, initialPage, selectedId, seenIds, onOpen, linkFor, refreshToken, onRowsChange, checkedIds, onCheck }: Props) {
  const showsConversations = isConversationView && !view.query;
  const viewKey = `${view.folderId}|${view.sort}|${view.dir}|${view.query}|${view.allFolders}|${showsConversations}`;
  const [state, setState] = useState(() => ({ key: viewKey, total: initialPage?.total ?? 0, pages: new Map(initialPage && !showsConversations ? [[0, initialPage.rows]] : []) as Map<number, Row[]>, failed: false, searchError: null as string | null }));
  const loading = useRef(new Set<string>());
  // Dates are the viewer's own zone: only the browser knows it, so they appear once hydrated.
  const isClient = useSyncExternalStore(subscribeNothing, () => true, () => false);

  const loadPage = useCallback(
    async (pageIndex: number) => {
      const token = `${viewKey}#${pageIndex}`;
      if (loading.current.has(token)) return;
      loading.current.add(token);
      const offset = String(pageIndex * LIST_PAGE_SIZE);
      // A search lists matches newest first (its own order); otherwise the folder in the chosen sort.
      const url = view.query
        ? `/api/mail/search?${new URLSearchParams({ q: view.query, offset, limit: String(LIST_PAGE_SIZE), tz: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(view.allFolders ? {} : { folder: view.folderId }) })}`
        : showsConversations
          ? `/api/mail/conversations?${new URLSearchParams({ folder: view.folderId, offset, limit: String(LIST_PAGE_SIZE) })}`
          : `/api/mail/messages?${new URLSearchParams({ folder: view.folderId, offset, limit: String(LIST_PAGE_SIZE), sort: view.sort, dir: view.dir })}`;
      try {
        const response = await fetch(url);
        if (response.status === 400 && view.query) {
          const { error } = (await response.json()) as { error: string };
          setState((current) => (current.key !== viewKey ? current : { ...current, searchError: error, total: 0, pages: new Map([[0, []]]) }));
          return;
        }
        if (!response.ok) throw new Error(String(response.status));
        const page = (await response.json()) as { total: number; rows: Row[] };
        setState((current) => (current.key !== viewKey ? current : { ...current, total: page.total, pages: new Map(current.pages).set(pageIndex, page.rows) }));
      } catch {
        setState((current) => (current.key !== viewKey ? current : { ...current, failed: true }));
      } finally {
        loading.current.delete(token);
      }
    },
    [viewKey, view.folderId, view.sort, view.dir, view.query, view.allFolders, showsConversations],
  );

  // The mailbox changed: fetch the pages already loaded again (new mail shows at the top).
  const lastRefresh = useRef(refreshToken);
  useEffect(() => {
    if (lastRefresh.current === refreshToken) return;
    lastRefresh.current = refreshToken;
    for (const pageIndex of state.pages.keys()) void loadPage(pageIndex);
  }, [refreshToken, state.pages, loadPage]);

  useEffect(() => {
    if (state.key !== viewKey) return;
    const ids: string[] = [];
    for (const pageIndex of [...state.pages.keys()].sort((a, b) => a - b)) {
      if (pageIndex * LIST_PAGE_SIZE !== ids.length) break; // only the unbroken run from the top
      ids.push(...state.pages.get(pageIndex)!.map((row) => row.id));
    }
    onRowsChange(ids);
  }, [state, viewKey, onRowsChange]);

  // Another folder or order: start again at the top.
  useEffect(() => {
    if (state.key === viewKey) return;
    setState({ key: viewKey, total: 0, pages: new Map(), failed: false, searchError: null });
    void loadPage(0);
  }, [viewKey, state.key, loadPage]);
  useEffect(() => {
    if (state.key === viewKey && state.pages.size === 0 && !state.failed) void loadPage(0);
  }, [state, viewKey, loadPage]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is meant to re-render this component on scroll; React Compiler skipping it is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: state.key === viewKey ? state.total : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // The server renders the first screenful, before any element can be measured.
    initialRect: { width: 400, height: 900 },
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (state.key !== viewKey) return;
    const wanted = new Set(items.map((item) => Math.floor(item.index / LIST_PAGE_SIZE)));
    for (const pageIndex of wanted) if (!state.pages.has(pageIndex)) void loadPage(pageIndex);
  }, [items, state, viewKey, loadPage]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [viewKey]);

  if (state.key === viewKey && state.searchError) {
    return <p role="alert" className="p-6 text-sm text-red-700" data-testid="search-error">{state.searchError}</p>;
  }
  if (state.key === viewKey && state.total === 0 && state.pages.size > 0) {
    return <p className="p-6 text-sm text-slate-500">{view.query ? "No message matches this search." : "No messages in this folder."}</p>;
  }
  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="message-list">
      {state.failed && <p className="p-3 text-sm text-red-700">The messages could not be loaded. Reload the page to try again.</p>}
      <ul aria-label="Messages" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const row = state.pages.get(Math.floor(item.index / LIST_PAGE_SIZE))?.[item.index % LIST_PAGE_SIZE];
          return (
            <li key={row?.id ?? `pending-${item.index}`} style={{ position: "absolute", top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
              {row && isConversationRow(row) ? (
                <ConversationListRow row={row} isSelected={row.id === selectedId} isSeenNow={seenIds.has(row.id)} showDate={isClient} onOpen={onOpen} href={linkFor(row.id)} />
              ) : row ? (
                <div
                  className="flex h-full items-stretch"
                  draggable
                  // The ticked messages when this row is one of them, else this one: the same set "Move to…" would move.
                  onDragStart={(event) => startMessagesDrag(event.dataTransfer, checkedIds.has(row.id) ? [...checkedIds] : [row.id])}
                >
                  <label className="flex shrink-0 cursor-pointer items-center border-b border-slate-100 pl-3 dark:border-slate-800">
                    <input type="checkbox" checked={checkedIds.has(row.id)} onChange={(event) => onCheck(row.id, event.target.checked)} aria-label={`Select ${row.subject || "(no subject)"}`} />
                  </label>
                  <div className="min-w-0 flex-1">
                    <MessageListRow row={row} isSelected={row.id === selectedId} isSeen={row.isSeen || seenIds.has(row.id)} showDate={isClient} onOpen={onOpen} href={linkFor(row.id)} />
                  </div>
                </div>
              ) : <div className="h-full animate-pulse border-b border-slate-100 bg-slate-50 dark:border-slate-800 dark:bg-slate-900" />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function MessageListRow({ row, isSelected, isSeen, showDate, onOpen, href }: { row: MessageRow; isSelected: boolean; isSeen: boolean; showDate: boolean; onOpen: (id: string) => void; href: string }) {
  const sender = row.fromName || row.fromAddress || "(no sender)";
  const subject = row.subject || "(no subject)";
  return (
    <ListRowLink
      {...{ href, onOpen, isSelected, showDate, subject }}
      id={row.id}
      isUnread={!isSeen}
      label={`${isSeen ? "" : "Unread, "}${sender}, ${subject}`}
      testId="message-row"
      who={sender}
      date={row.internalDate}
      preview={row.preview}
    >
      {row.isFlagged && <FlagIcon title="Flagged" className="h-3.5 w-3.5 shrink-0 fill-amber-400 text-amber-500" />}
      {row.isAnswered && <ReplyIcon title="Answered" className="h-3.5 w-3.5 shrink-0 text-slate-400" />}
      {row.hasAttachments && <PaperclipIcon title="Has attachments" className="h-3.5 w-3.5 shrink-0 text-slate-500" />}
    </ListRowLink>
  );
}

function ConversationListRow({ row, isSelected, isSeenNow, showDate, onOpen, href }: { row: ConversationRow; isSelected: boolean; isSeenNow: boolean; showDate: boolean; onOpen: (id: string) => void; href: string }) {
  const participants = row.participants.join(", ") || "(no sender)";
  const subject = row.subject || "(no subject)";
  // Opening the conversation marks its newest message seen before the list is fetched again.
  const isUnread = row.unreadCount > (isSeenNow && !row.isSeen ? 1 : 0);
  return (
    <ListRowLink
      {...{ href, onOpen, isSelected, isUnread, showDate, subject }}
      id={row.id}
      label={`${isUnread ? "Unread, " : ""}${participants}, ${subject}, ${row.messageCount} ${row.messageCount === 1 ? "message" : "messages"}`}
      testId="conversation-row"
      who={participants}
      date={row.internalDate}
      preview={row.preview}
    >
      {row.messageCount > 1 && (
        <span data-testid="conversation-count" className="shrink-0 rounded-full bg-slate-200 px-1.5 text-xs font-semibold text-slate-700 dark:bg-slate-700 dark:text-slate-200">
          {row.messageCount}
        </span>
      )}
      {row.isAnyFlagged && <FlagIcon title="Flagged" className="h-3.5 w-3.5 shrink-0 fill-amber-400 text-amber-500" />}
      {row.hasAttachments && <PaperclipIcon title="Has attachments" className="h-3.5 w-3.5 shrink-0 text-slate-500" />}
    </ListRowLink>
  );
}

/** What a message row and a conversation row share: a link that opens in place (a modified click
 *  opens a tab), and three lines: who, with the row's marks and date; the subject; the preview. */
function ListRowLink(props: {
  id: string;
  href: string;
  onOpen: (id: string) => void;
  isSelected: boolean;
  isUnread: boolean;
  label: string;
  testId: string;
  who: string;
  /** Icons and badges between the name and the date. */
  children: ReactNode;
  date: string;
  showDate: boolean;
  subject: string;
  preview: string;
}) {
  const { id, href, onOpen, isSelected, isUnread } = props;
  return (
    <a
      href={href}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        onOpen(id);
      }}
      aria-current={isSelected ? "true" : undefined}
      aria-label={props.label}
      data-testid={props.testId}
      className={`flex h-full flex-col justify-center gap-0.5 border-b border-slate-100 px-3 text-sm dark:border-slate-800 ${isSelected ? "bg-blue-50 dark:bg-blue-950" : "hover:bg-slate-50 dark:hover:bg-slate-900"}`}
    >
      <span className="flex items-center gap-2">
        {isUnread && <span aria-hidden className="h-2 w-2 shrink-0 rounded-full bg-blue-600" />}
        <span className={`min-w-0 flex-1 truncate ${isUnread ? "font-semibold" : ""}`}>{props.who}</span>
        {props.children}
        <time dateTime={props.date} className="shrink-0 text-xs text-slate-500">
          {props.showDate ? formatListDate(props.date) : ""}
        </time>
      </span>
      <span className={`truncate ${isUnread ? "font-semibold" : "text-slate-700 dark:text-slate-300"}`}>{props.subject}</span>
      <span className="truncate text-xs text-slate-500">{props.preview}</span>
    </a>
  );
}

// The shapes the reading UI gets from /api/mail/… (dates as ISO strings, as JSON carries them).
import type { MessageListRow } from "@/lib/store/list-message-page";
import type { ConversationListRow } from "@/lib/store/list-conversation-page";
import type { ConversationMessage } from "@/lib/store/list-conversation";

export const LIST_PAGE_SIZE = 50;

export type FolderSummary = { id: string; name: string; specialUse: string | null; messageCount: number; unseenCount: number };

/** A value as it arrives through JSON: every Date an ISO string. */
export type Serialized<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/** A message list row (lib/store/list-message-page.ts) as the API sends it. */
export type MessageRow = Serialized<MessageListRow>;

/** A conversation list row (lib/store/list-conversation-page.ts) as the API sends it. */
export type ConversationRow = Serialized<ConversationListRow>;

/** One message of an open conversation (lib/store/list-conversation.ts) as the API sends it. */
export type ConversationEntry = Serialized<ConversationMessage>;

export type ListSort = "date" | "from" | "subject" | "size";
/** `query`: the search box's text, when searching (this folder, or every folder with `allFolders`). */
export type ListView = { folderId: string; sort: ListSort; dir: "asc" | "desc"; query: string; allFolders: boolean };

export type DisplayAddress = { name: string; address: string };
export type DisplayAttachment = { part: string; filename: string; contentType: string; size: number; contentId: string; isInline: boolean };

export type MessageDetails = {
  id: string;
  folderId: string;
  subject: string;
  from: DisplayAddress[];
  to: DisplayAddress[];
  cc: DisplayAddress[];
  replyTo: DisplayAddress[];
  date: string;
  messageId: string | null;
  size: number;
  isSeen: boolean;
  isFlagged: boolean;
  hasHtml: boolean;
  hasPlain: boolean;
  blockedRemoteCount: number;
  /** The user loads remote images in all mail, or always from this sender: no need to ask. */
  remoteImagesAllowed: boolean;
  attachments: DisplayAttachment[];
};

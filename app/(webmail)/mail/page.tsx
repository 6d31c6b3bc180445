import type { Metadata } from "next";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { webStore } from "@/app/web-store";
import { listFolders } from "@/lib/store/folders";
import { listMessagePage, MESSAGE_SORTS } from "@/lib/store/list-message-page";
import { isAppError } from "@/lib/errors";
import { canManageAccount, canReadMail } from "@/lib/auth/permissions";
import { forbidden } from "next/navigation";
import { MailReader } from "@/components/mail/read/mail-reader";
import { LIST_PAGE_SIZE, type FolderSummary, type ListView, type MessageRow } from "@/components/mail/read/mail-types";

export const metadata: Metadata = { title: "Mail" };

const MailSearchParams = z.object({
  folder: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
  m: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
  sort: z.enum(MESSAGE_SORTS).catch("date"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
});

// The first paint already has the folders and the first page; the client takes over from there.
export default async function MailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  // The layout refuses a staff read-only view too; the page renders beside it and must not try.
  if (!canReadMail(principal, principal.mailboxId)) forbidden();
  const params = MailSearchParams.parse(await searchParams);
  const store = await webStore();
  const folders: FolderSummary[] = (await listFolders(store.db, principal.mailboxId)).map((f) => ({ id: f.id, name: f.name, specialUse: f.specialUse, messageCount: f.messageCount, unseenCount: f.unseenCount }));
  const inbox = folders.find((f) => f.name === "INBOX") ?? folders[0]!;
  const folderId = folders.some((f) => f.id === params.folder) ? params.folder! : inbox.id;
  const view: ListView = { folderId, sort: params.sort, dir: params.dir, query: "", allFolders: false };
  const firstPage = await listMessagePage(store, { actor: principal, mailboxId: principal.mailboxId, folder: { id: folderId }, offset: 0, limit: LIST_PAGE_SIZE, sort: params.sort, dir: params.dir }).catch((error: unknown) => {
    if (isAppError(error, "NOT_FOUND")) return null;
    throw error;
  });
  return (
    <MailReader
      mailboxId={principal.mailboxId}
      folders={folders}
      initialView={view}
      canBlockSenders={canManageAccount(principal, principal.accountId)}
      initialPage={firstPage && { total: firstPage.total, rows: firstPage.rows.map((row): MessageRow => ({ ...row, internalDate: row.internalDate.toISOString() })) }}
    />
  );
}

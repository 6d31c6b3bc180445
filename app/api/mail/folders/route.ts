// GET /api/mail/folders – the signed-in mailbox's folders with their counts
import { getDb } from "@/lib/db";
import { listFolders } from "@/lib/store/folders";
import { requireMailReader } from "../messages/_support/mail-route";

export async function GET(): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const folders = await listFolders(await getDb(), reader.mailboxId);
  return Response.json(
    { folders: folders.map((folder) => ({ id: folder.id, name: folder.name, specialUse: folder.specialUse, messageCount: folder.messageCount, unseenCount: folder.unseenCount })) },
    { headers: { "cache-control": "private, no-store" } },
  );
}

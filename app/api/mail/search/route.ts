// GET /api/mail/search?q=&folder=&offset=&limit=&tz= – the search box: matching messages of this mailbox, newest first
import { z } from "zod";
import { getDb } from "@/lib/db";
import { webStore } from "@/app/web-store";
import { searchMailbox } from "@/lib/store/search-mailbox";
import { getMailSettings } from "@/lib/mail-settings/get-mail-settings";
import { canonicalTimeZone } from "@/lib/mail-settings/time-zone";
import { MAX_SEARCH_QUERY_LENGTH } from "@/lib/store/parse-mail-search";
import { errorResponse, requireMailReader } from "../messages/_support/mail-route";

const SearchQuery = z.object({
  q: z.string().max(MAX_SEARCH_QUERY_LENGTH, `The search is too long (at most ${MAX_SEARCH_QUERY_LENGTH} characters).`).default(""),
  /** The folder the list shows (Folder.id); absent: every folder but Trash and Junk. */
  folder: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "folder is a folder id").optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The browser's zone, used for before:/after: until the mailbox has chosen one in its settings. */
  tz: z.string().max(100).optional(),
});

export async function GET(request: Request): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const query = SearchQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: query.error.issues[0]?.message ?? "Bad search." }, { status: 400 });
  const { q, folder, offset, limit, tz } = query.data;
  try {
    const settings = await getMailSettings(await getDb(), { actor: reader });
    const timeZone = settings.hasChosenTimeZone ? settings.timeZone : ((tz && canonicalTimeZone(tz)) ?? settings.timeZone);
    const result = await searchMailbox(await webStore(), { actor: reader, query: q, folderId: folder ?? null, offset, limit, timeZone });
    return Response.json(result, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

// GET /api/mail/messages?folder=&offset=&limit=&sort=&dir= – one page of a folder's message list
import { z } from "zod";
import { webStore } from "@/app/web-store";
import { listMessagePage, MESSAGE_SORTS } from "@/lib/store/list-message-page";
import { errorResponse, requireMailReader } from "./_support/mail-route";

const PageQuery = z.object({
  folder: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  sort: z.enum(MESSAGE_SORTS).default("date"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

export async function GET(request: Request): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const query = PageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: "Expected folder, offset, limit (1-200), sort (date, from, subject, size) and dir (asc, desc)." }, { status: 400 });
  const { folder, ...page } = query.data;
  try {
    const started = performance.now();
    const result = await listMessagePage(await webStore(), { actor: reader, mailboxId: reader.mailboxId, folder: folder ? { id: folder } : "INBOX", ...page });
    // Server-Timing: what the page query cost, apart from the session checks around it.
    return Response.json(result, { headers: { "cache-control": "private, no-store", "server-timing": `list;dur=${(performance.now() - started).toFixed(1)}` } });
  } catch (error) {
    return errorResponse(error);
  }
}

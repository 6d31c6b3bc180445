// GET /api/mail/conversations?folder=&offset=&limit= – one page of a folder's conversation view
import { z } from "zod";
import { webStore } from "@/app/web-store";
import { listConversationPage } from "@/lib/store/list-conversation-page";
import { AppError } from "@/lib/errors";
import { errorResponse, requireMailActor } from "../mail-api";

const PageQuery = z.object({
  folder: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireMailActor();
    const query = PageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("INVALID_INPUT", "Expected folder, offset and limit (1-200).");
    const { folder, ...page } = query.data;
    const result = await listConversationPage(await webStore(), { actor, mailboxId: actor.mailboxId, folder: folder ? { id: folder } : "INBOX", ...page });
    return Response.json(result, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error, "conversation list");
  }
}

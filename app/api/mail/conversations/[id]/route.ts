// GET /api/mail/conversations/[id] – every message of this message's conversation, oldest first
import { z } from "zod";
import { getDb } from "@/lib/db";
import { listConversation } from "@/lib/store/list-conversation";
import { AppError } from "@/lib/errors";
import { errorResponse, requireMailActor } from "../../mail-api";

const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await requireMailActor();
    const params = Params.safeParse(await context.params);
    if (!params.success) throw new AppError("NOT_FOUND", "There is no such message.");
    return Response.json({ messages: await listConversation(await getDb(), { actor, messageId: params.data.id }) }, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error, "conversation");
  }
}

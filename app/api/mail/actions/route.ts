// POST /api/mail/actions – read/unread, flag, trash, archive, junk, move or delete selected messages
import { getDb } from "@/lib/db";
import { applyMessageAction } from "@/lib/store/apply-message-action";
import { assertSameOrigin, errorResponse, readJson, requireMailActor } from "../mail-api";

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    const body = (await readJson(request)) as object;
    return Response.json(await applyMessageAction(await getDb(), { ...body, actor } as Parameters<typeof applyMessageAction>[1]));
  } catch (error) {
    return errorResponse(error, "message action");
  }
}

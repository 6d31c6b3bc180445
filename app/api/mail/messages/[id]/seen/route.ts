// POST /api/mail/messages/[id]/seen – mark a message read when the reading pane opens it (same origin only)
import { webStore } from "@/app/web-store";
import { markMessageSeen } from "@/lib/store/mark-message-seen";
import { errorResponse, MessageParams, messageNotFound, requireMailReader } from "../../_support/mail-route";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  // A form or fetch from another site must not change anything: the browser's Origin says where it came from.
  const origin = request.headers.get("origin");
  if (!origin || origin === "null" || new URL(origin).host !== request.headers.get("host")) return Response.json({ error: "Cross-origin request refused." }, { status: 403 });
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const params = MessageParams.safeParse(await context.params);
  if (!params.success) return messageNotFound();
  try {
    return Response.json(await markMessageSeen(await webStore(), { actor: reader, messageId: params.data.id }));
  } catch (error) {
    return errorResponse(error);
  }
}

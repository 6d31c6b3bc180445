// GET /api/mail/messages/[id]/raw – the message's source exactly as stored ("Show source")
import { webStore } from "@/app/web-store";
import { loadRawMessage } from "@/lib/store/load-message-for-display";
import { errorResponse, MessageParams, messageNotFound, requireMailReader } from "../../_support/mail-route";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const params = MessageParams.safeParse(await context.params);
  if (!params.success) return messageNotFound();
  try {
    const raw = await loadRawMessage(await webStore(), { actor: reader, messageId: params.data.id });
    // As text, never as what it claims to be: nosniff and a sandbox keep a browser from rendering it.
    return new Response(new Uint8Array(raw), {
      headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "content-security-policy": "sandbox", "cache-control": "private, no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

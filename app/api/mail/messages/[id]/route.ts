// GET /api/mail/messages/[id] – one message for the reading pane (headers, attachments; the body is …/body); marks nothing
import { webStore } from "@/app/web-store";
import { loadMessageForDisplay } from "@/lib/store/load-message-for-display";
import { buildBodyDocument } from "@/lib/mime/build-body-document";
import { getDb } from "@/lib/db";
import { loadsRemoteImagesFrom } from "@/lib/mail-settings/loads-remote-images-from";
import { errorResponse, MessageParams, messageNotFound, requireMailReader } from "../_support/mail-route";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const params = MessageParams.safeParse(await context.params);
  if (!params.success) return messageNotFound();
  try {
    const started = performance.now();
    const { body, inlineImages: _inlineImages, ...message } = await loadMessageForDisplay(await webStore(), { actor: reader, messageId: params.data.id });
    // Counted the way the body route will block them, so the bar can say how many.
    const { blockedRemoteCount } = buildBodyDocument({ ...body, format: "html", loadRemoteImages: false, resolveContentId: () => null });
    const remoteImagesAllowed = blockedRemoteCount > 0 && (await loadsRemoteImagesFrom(await getDb(), { actor: reader, sender: message.from[0]?.address }));
    return Response.json({ ...message, hasHtml: body.html !== null, hasPlain: body.plain !== null, blockedRemoteCount, remoteImagesAllowed }, { headers: { "cache-control": "private, no-store", "server-timing": `load;dur=${(performance.now() - started).toFixed(1)}` } });
  } catch (error) {
    return errorResponse(error);
  }
}

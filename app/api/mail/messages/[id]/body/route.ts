// GET /api/mail/messages/[id]/body?images=0|1|auto&format=html|text – the sanitised body as an inert document for the reading pane's sandboxed frame
import { z } from "zod";
import { webStore } from "@/app/web-store";
import { loadMessageForDisplay } from "@/lib/store/load-message-for-display";
import { buildBodyDocument } from "@/lib/mime/build-body-document";
import { getDb } from "@/lib/db";
import { loadsRemoteImagesFrom } from "@/lib/mail-settings/loads-remote-images-from";
import { errorResponse, MessageParams, messageNotFound, requireMailReader } from "../../_support/mail-route";

/**
 * Images the HTML references by cid: go into the document as data: URLs, up to this many bytes in
 * all: the frame is sandboxed without allow-same-origin, so its requests are cross-site and carry
 * no session cookie (SameSite=Lax), and a parts URL would answer with the sign-in redirect.
 */
const INLINE_IMAGES_MAX_BYTES = 8 * 1024 * 1024;

/** images: 1 after "Show images"; auto as the reader's settings say for the sender (so the frame need not wait for the message's details); 0 never. */
const BodyQuery = z.object({ images: z.enum(["0", "1", "auto"]).default("0"), format: z.enum(["html", "text"]).default("html") });

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const params = MessageParams.safeParse(await context.params);
  if (!params.success) return messageNotFound();
  const url = new URL(request.url);
  const query = BodyQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return Response.json({ error: "Expected images=0|1|auto and format=html|text." }, { status: 400 });
  try {
    const messageId = params.data.id;
    const message = await loadMessageForDisplay(await webStore(), { actor: reader, messageId, inlineImagesUpTo: INLINE_IMAGES_MAX_BYTES });
    const inlineParts = new Map(message.attachments.filter((a) => a.contentId).map((a) => [a.contentId, a.part]));
    const loadRemoteImages = query.data.images === "1" || (query.data.images === "auto" && (await loadsRemoteImagesFrom(await getDb(), { actor: reader, sender: message.from[0]?.address })));
    const { document } = buildBodyDocument({
      ...message.body,
      format: query.data.format,
      loadRemoteImages,
      resolveContentId: (contentId) => {
        const inline = message.inlineImages.get(contentId);
        if (inline) return inline;
        // Over the budget: the part's URL (shown when the browser sends the session cookie along).
        const part = inlineParts.get(contentId);
        return part ? `/api/mail/messages/${encodeURIComponent(messageId)}/parts/${encodeURIComponent(part)}?inline=1` : null;
      },
    });
    // The third wall after the sanitiser and the frame's sandbox: nothing runs, nothing is
    // submitted, and remote images load only when asked for. The sandbox directive covers the
    // document when it is opened on its own, outside the frame.
    const policy = [
      "default-src 'none'",
      `img-src data: 'self' ${url.origin}${loadRemoteImages ? " https: http:" : ""}`,
      "style-src 'unsafe-inline'",
      "font-src data:",
      "frame-ancestors 'self'",
      "form-action 'none'",
      "base-uri 'none'",
      "sandbox allow-popups allow-popups-to-escape-sandbox",
      "report-uri /api/mail/csp-report",
    ].join("; ");
    return new Response(document, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": policy,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

// GET /api/mail/messages/[id]/parts/[part]?inline=1 – one attachment's bytes, as a download (images and PDFs inline when asked, for the preview)
import { z } from "zod";
import { webStore } from "@/app/web-store";
import { loadMessagePart } from "@/lib/store/load-message-for-display";
import { contentDisposition } from "@/lib/mime/content-disposition";
import { errorResponse, MessageParams, messageNotFound, requireMailReader } from "../../../_support/mail-route";

const PartParams = MessageParams.extend({ part: z.string().regex(/^[1-9][0-9]{0,5}(?:\.[1-9][0-9]{0,5}){0,20}$/) });
/** Types a browser shows without running anything of the file's (no SVG: it is a document that can carry script). */
const INLINE_TYPES = /^(?:image\/(?:png|jpeg|gif|webp|bmp|avif)|application\/pdf)$/;

export async function GET(request: Request, context: { params: Promise<{ id: string; part: string }> }): Promise<Response> {
  const reader = await requireMailReader();
  if (reader instanceof Response) return reader;
  const params = PartParams.safeParse(await context.params);
  if (!params.success) return messageNotFound();
  const wantsInline = new URL(request.url).searchParams.get("inline") === "1";
  try {
    const { bytes, attachment } = await loadMessagePart(await webStore(), { actor: reader, messageId: params.data.id, part: params.data.part });
    const isInline = wantsInline && INLINE_TYPES.test(attachment.contentType);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": isInline ? attachment.contentType : "application/octet-stream",
        "content-disposition": contentDisposition(isInline ? "inline" : "attachment", attachment.filename),
        "content-length": String(bytes.length),
        // The file is a document of its own when opened (a PDF in the browser's viewer, in the
        // webmail's preview frame): sandboxed, no script, no requests of its own, framed only by us.
        "content-security-policy": "sandbox; default-src 'none'; frame-ancestors 'self'",
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

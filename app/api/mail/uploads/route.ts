// POST /api/mail/uploads – one attachment (multipart field "file"), kept for the signed-in mailbox's compose form
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { canReadMail } from "@/lib/auth/permissions";
import { MAX_UPLOAD_BYTES } from "@/lib/uploads/upload-files";
import { formatMiB, saveUpload } from "@/lib/uploads/save-upload";
import { assertSameOrigin, errorResponse, requireMailActor } from "../mail-api";
import { uploadsDir } from "../send/compose-route-helpers";

// The multipart framing around the file: boundaries and part headers.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    if (!canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can attach files.");
    // Refused before a byte is read when the browser says it is too large.
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      // A body larger than the proxy passes on (next.config.ts: proxyClientMaxBodySize) arrives cut short.
      if (declared > MAX_UPLOAD_BYTES) throw tooLarge();
      throw new AppError("INVALID_INPUT", "Send one file as multipart/form-data in the field \"file\".");
    }
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("INVALID_INPUT", "Send one file as multipart/form-data in the field \"file\".");
    if (file.size > MAX_UPLOAD_BYTES) throw tooLarge();
    const saved = await saveUpload(uploadsDir(), { mailboxId: actor.mailboxId, name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
    return NextResponse.json(saved, { status: 201 });
  } catch (error) {
    return errorResponse(error, "POST /api/mail/uploads");
  }
}

function tooLarge(): AppError {
  return new AppError("TOO_LARGE", `The file is larger than the limit of ${formatMiB(MAX_UPLOAD_BYTES)} per attachment.`, { limit: MAX_UPLOAD_BYTES });
}

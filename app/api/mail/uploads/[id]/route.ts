// DELETE /api/mail/uploads/[id] – removes one of the signed-in mailbox's uploads (an attachment taken off the form)
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { canReadMail } from "@/lib/auth/permissions";
import { deleteUpload } from "@/lib/uploads/delete-upload";
import { assertSameOrigin, errorResponse, requireMailActor } from "../../mail-api";
import { uploadsDir } from "../../send/compose-route-helpers";

export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    if (!canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can change its attachments.");
    // The folder is the actor's own: another mailbox's id is simply not there.
    await deleteUpload(uploadsDir(), { mailboxId: actor.mailboxId, id: (await context.params).id });
    return new NextResponse(null, { status: 204 });
  } catch (error) {
    return errorResponse(error, "DELETE /api/mail/uploads/[id]");
  }
}

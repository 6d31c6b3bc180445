// POST /api/mail/drafts – saves the compose form as a draft, replacing its previous version (form.draftId)
import { NextResponse } from "next/server";
import { webStore } from "@/app/web-store";
import { saveWebmailDraft } from "@/lib/webmail/save-webmail-draft";
import { assertSameOrigin, errorResponse, readJson, requireMailActor } from "../mail-api";
import { uploadsDir } from "../send/compose-route-helpers";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    const saved = await saveWebmailDraft({ store: await webStore(), uploadsDir: uploadsDir() }, { actor, displayName: actor.displayName, form: await readJson(request) });
    return NextResponse.json(saved);
  } catch (error) {
    return errorResponse(error, "POST /api/mail/drafts");
  }
}

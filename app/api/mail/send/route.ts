// POST /api/mail/send – sends the compose form (JSON, attachments by upload id) as the signed-in mailbox
import { NextResponse } from "next/server";
import { sendWebmailMessage } from "@/lib/queue/send-webmail-message";
import { assertSameOrigin, errorResponse, readJson, requireMailActor } from "../mail-api";
import { sendDeps } from "./compose-route-helpers";

export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    const sent = await sendWebmailMessage(await sendDeps(), { actor, displayName: actor.displayName, form: await readJson(request) });
    return NextResponse.json(sent);
  } catch (error) {
    return errorResponse(error, "POST /api/mail/send");
  }
}

// GET /api/mail/contacts?q=… – address autocomplete from the address books the mailbox may read
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canReadMail } from "@/lib/auth/permissions";
import { suggestRecipients } from "@/lib/addressbook/suggest-recipients";
import { errorResponse, requireMailActor } from "../mail-api";

const Query = z.object({ q: z.string().max(200).default("") });

export async function GET(request: Request) {
  try {
    const actor = await requireMailActor();
    if (!canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can write its mail.");
    const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("INVALID_INPUT", "q: at most 200 characters.");
    const suggestions = await suggestRecipients(await getDb(), { actor, prefix: query.data.q });
    return NextResponse.json({ suggestions });
  } catch (error) {
    return errorResponse(error, "GET /api/mail/contacts");
  }
}

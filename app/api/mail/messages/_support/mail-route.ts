// What every webmail read route does first and last: who is asking, and how a lib/ error answers.
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { errorResponse as mailErrorResponse, requireMailActor } from "../../mail-api";

/** The signed-in mailbox reading its own mail, or the Response (401, 403) that refuses it. */
export async function requireMailReader(): Promise<Principal | Response> {
  try {
    return await requireMailActor();
  } catch (error) {
    return errorResponse(error);
  }
}

/** A user-facing AppError as JSON with its status (app/api/mail/mail-api.ts); anything else a logged 500. */
export function errorResponse(error: unknown): Response {
  return mailErrorResponse(error, "mail read");
}

/** Route params of /api/mail/messages/[id]/…: ids are cuids, never anything long or odd. */
export const MessageParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** What an id that is not ours, or not an id at all, gets: the same answer. */
export function messageNotFound(): Response {
  return Response.json({ error: "There is no such message." }, { status: 404 });
}

// What every webmail API route shares: who is asking, the same-origin rule for writes, the JSON
// body, and how a lib/ error answers (its code's HTTP status, lib/errors.ts).
import { NextResponse } from "next/server";
import { currentSessionPrincipal, currentViewAs } from "@/app/current-principal";
import { AppError } from "@/lib/errors";
import { canReadMail } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";

const STATUS_OF: Record<string, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUOTA_EXCEEDED: 413,
  TOO_LARGE: 413,
  LOCKED_OUT: 429,
};

/**
 * The mailbox reading or changing its own mail. UNAUTHENTICATED without a session (a 401, not the
 * pages' redirect to /login); FORBIDDEN during a staff member's read-only view: mail is private.
 */
export async function requireMailActor(): Promise<Principal> {
  // One session read per request: the API is called for every list page and message.
  const principal = await currentSessionPrincipal();
  if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in again.");
  if (await currentViewAs(principal)) throw new AppError("FORBIDDEN", "Mail is private to its mailbox: a read-only view does not show it.");
  if (!canReadMail(principal, principal.mailboxId)) throw new AppError("FORBIDDEN", "Mail is private to its mailbox.");
  return principal;
}

/**
 * Writes come from our own pages only: the browser's Origin must name this host (a cross-site
 * form or fetch carries the other site's Origin; the session cookie alone proves nothing).
 */
export function assertSameOrigin(request: Request): void {
  const host = request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(request.headers.get("origin") ?? "").host;
  } catch {
    // No Origin, or one that is not a URL ("null" from a sandboxed frame): not ours.
  }
  if (!originHost || !host || originHost !== host) throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
}

/** The JSON body, or INVALID_INPUT when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not JSON.");
  }
}

/** `{ error }` with the status of the AppError's code; anything else is logged and a 500 with no details. */
export function errorResponse(error: unknown, what: string): NextResponse {
  if (error instanceof AppError && STATUS_OF[error.code]) {
    return NextResponse.json({ error: error.message, ...(error.details.limit !== undefined ? { limit: error.details.limit } : {}) }, { status: STATUS_OF[error.code] });
  }
  console.error(`${what}:`, error);
  return NextResponse.json({ error: "Something went wrong on our side. Try again." }, { status: 500 });
}

import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { ensureAuthSecret } from "@/lib/runtime/ensure-auth-secret";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { loadSessionPrincipal } from "@/lib/auth/load-session-principal";
import { isStaff } from "@/lib/auth/permissions";
import { readViewAs, VIEW_AS_COOKIE, type ViewAs } from "@/lib/auth/view-as-token";
import type { Principal } from "@/lib/auth/principal";

/**
 * The signed-in mailbox itself, re-read from the database (access level and role may have changed
 * since sign-in), or null when the session is over (signed out, suspended, disabled, reset). Once
 * per request (React's cache): the layout and the page both ask.
 */
export const currentSessionPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  if (!session?.principal || !session.sessionId || session.signedInAt === undefined) return null;
  return loadSessionPrincipal(await getDb(), { mailboxId: session.principal.mailboxId, sessionId: session.sessionId, signedInAt: session.signedInAt });
});

/** The signed-in mailbox itself, ignoring a read-only view; sends the visitor to /login when there is none. */
export async function requireSessionPrincipal(): Promise<Principal> {
  const principal = await currentSessionPrincipal();
  if (!principal) redirect("/login");
  return principal;
}

/** The staff member's read-only view in this request's cookie, if it is theirs and still valid. */
export async function currentViewAs(principal: Principal): Promise<ViewAs | null> {
  if (!isStaff(principal)) return null;
  const view = readViewAs((await cookies()).get(VIEW_AS_COOKIE)?.value, ensureAuthSecret(loadConfig()));
  return view && view.staffMailboxId === principal.mailboxId ? view : null;
}

/**
 * Who the pages act for: the signed-in mailbox, or, while a staff member views a customer's pages
 * read-only, that customer's mailbox marked `viewedBy` (the proxy refuses every write meanwhile).
 */
export async function requirePrincipal(): Promise<Principal> {
  const principal = await requireSessionPrincipal();
  const view = await currentViewAs(principal);
  const viewed = view && (await loadPrincipal(await getDb(), view.mailboxId));
  if (!viewed || viewed.role !== null) return principal;
  return { ...viewed, viewedBy: { mailboxId: principal.mailboxId, address: principal.address } };
}

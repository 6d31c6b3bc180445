"use server";

import { auth, signOut } from "@/auth";
import { getDb } from "@/lib/db";
import { endWebSession } from "@/lib/auth/end-web-session";

export async function signOutAction(): Promise<void> {
  const session = await auth();
  // Refused from now on, even if a response still in flight renews the cookie in the browser.
  if (session?.sessionId) await endWebSession(await getDb(), { sessionId: session.sessionId, expiresAt: new Date(session.expires) });
  await signOut({ redirectTo: "/login" });
}

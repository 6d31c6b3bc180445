import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/lib/db";
import { loadPrincipal } from "@/lib/auth/load-principal";
import type { Principal } from "@/lib/auth/principal";

/**
 * The signed-in mailbox, re-read from the database (access level and role may have changed since
 * sign-in); sends the visitor to /login when there is none or it was disabled.
 */
export async function requirePrincipal(): Promise<Principal> {
  const session = await auth();
  const principal = session?.principal && (await loadPrincipal(await getDb(), session.principal.mailboxId));
  if (!principal) redirect("/login");
  return principal;
}

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIpOf } from "@/auth";
import { currentViewAs, requireSessionPrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { endViewAs } from "@/lib/auth/start-view-as";
import { VIEW_AS_COOKIE } from "@/lib/auth/view-as-token";

/**
 * Ends a staff member's read-only view. A GET, because while the view lasts the proxy refuses every
 * other method; ending a view is harmless even if someone else's page triggers it.
 */
export async function GET(): Promise<never> {
  const actor = await requireSessionPrincipal();
  const view = await currentViewAs(actor);
  if (view) await endViewAs(await getDb(), { actor, view, clientIp: clientIpOf(await headers()) });
  (await cookies()).delete(VIEW_AS_COOKIE);
  redirect("/staff/accounts");
}

import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";

/** Errors whose message is written for the user; anything else is a bug and goes to the error page. */
const USER_FACING = ["INVALID_INPUT", "NOT_FOUND", "CONFLICT"];

/**
 * The shared shell of the domains, aliases and block-list actions: validate the form with `schema`,
 * call the service with the signed-in actor and client IP, turn user-facing refusals into the
 * form's message (FORBIDDEN into the 403 page), and revalidate `path`.
 */
export async function runDeliveryAction<S extends z.ZodType>(
  form: FormData,
  schema: S,
  path: string,
  call: (db: Db, context: { actor: Principal; clientIp: string }, input: z.output<S>) => Promise<string>,
): Promise<DeliveryFormState> {
  const actor = await requirePrincipal();
  const fields: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$")) continue; // React's own fields
    const values = form.getAll(key).map(String);
    fields[key] = key.endsWith("[]") ? values : values[0];
  }
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "The form was incomplete: reload the page and try again." };
  try {
    const success = await call(await getDb(), { actor, clientIp: clientIpOf(await headers()) }, parsed.data);
    revalidatePath(path);
    return { success };
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && USER_FACING.includes(error.code)) return { error: error.message };
    throw error;
  }
}

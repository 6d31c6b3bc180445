"use server";

import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal, requireSessionPrincipal } from "@/app/current-principal";
import { ensureAuthSecret } from "@/lib/runtime/ensure-auth-secret";
import { startViewAs } from "@/lib/auth/start-view-as";
import { signViewAs, VIEW_AS_COOKIE, VIEW_AS_SECONDS } from "@/lib/auth/view-as-token";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createAccountWithManager } from "@/lib/directory/create-account-with-manager";
import { suspendAccount } from "@/lib/directory/suspend-account";
import { resumeAccount } from "@/lib/directory/resume-account";

export type StaffAccountFormState = { error?: string; created?: string };

/** What staff can correct in the form; anything else is a bug and goes to the error page. */
const USER_FACING = ["INVALID_INPUT", "CONFLICT", "NOT_FOUND"];

const CreateAccountForm = z.object({
  name: z.string().max(100),
  displayName: z.string().max(300),
  managerAddress: z.string().max(300),
  managerDisplayName: z.string().max(300),
  password: z.string().max(1000),
});

export async function createAccountWithManagerAction(_previous: StaffAccountFormState, form: FormData): Promise<StaffAccountFormState> {
  const actor = await requirePrincipal();
  const parsed = CreateAccountForm.safeParse(Object.fromEntries(["name", "displayName", "managerAddress", "managerDisplayName", "password"].map((key) => [key, form.get(key) ?? ""])));
  if (!parsed.success) return { error: "The form was incomplete: reload the page and try again." };
  try {
    const created = await createAccountWithManager(await getDb(), {
      actor,
      clientIp: clientIpOf(await headers()),
      ...parsed.data,
      isDevelopment: loadConfig().mode === "development",
    });
    revalidatePath("/staff/accounts");
    return { created: `Created ${created.account.name} with ${created.mailbox.address} as its manager.` };
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && USER_FACING.includes(error.code)) return { error: error.message };
    throw error;
  }
}

const AccountForm = z.object({ accountId: z.string().min(1).max(64) });

export async function suspendAccountAction(_previous: StaffAccountFormState, form: FormData): Promise<StaffAccountFormState> {
  return changeSuspension(form, suspendAccount);
}

export async function resumeAccountAction(_previous: StaffAccountFormState, form: FormData): Promise<StaffAccountFormState> {
  return changeSuspension(form, resumeAccount);
}

async function changeSuspension(form: FormData, change: typeof suspendAccount | typeof resumeAccount): Promise<StaffAccountFormState> {
  const actor = await requirePrincipal();
  const parsed = AccountForm.safeParse({ accountId: form.get("accountId") });
  if (!parsed.success) return { error: "This row is not valid any more: reload the page." };
  try {
    await change(await getDb(), { actor, clientIp: clientIpOf(await headers()), accountId: parsed.data.accountId });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && USER_FACING.includes(error.code)) return { error: error.message };
    throw error;
  }
  revalidatePath("/staff/accounts");
  return {};
}

/** Staff open an account's pages as its manager sees them, read-only (audited); /staff/view-as/end closes the view. */
export async function viewAccountAction(_previous: StaffAccountFormState, form: FormData): Promise<StaffAccountFormState> {
  const actor = await requireSessionPrincipal();
  const parsed = AccountForm.safeParse({ accountId: form.get("accountId") });
  if (!parsed.success) return { error: "This row is not valid any more: reload the page." };
  try {
    const view = await startViewAs(await getDb(), { actor, clientIp: clientIpOf(await headers()), accountId: parsed.data.accountId });
    (await cookies()).set(VIEW_AS_COOKIE, signViewAs(view, ensureAuthSecret(loadConfig())), {
      httpOnly: true,
      sameSite: "lax",
      secure: (await headers()).get("x-forwarded-proto") === "https",
      path: "/",
      maxAge: VIEW_AS_SECONDS,
    });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && USER_FACING.includes(error.code)) return { error: error.message };
    throw error;
  }
  redirect("/manager");
}

"use server";

import { headers } from "next/headers";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { changeOwnPassword } from "@/lib/directory/change-own-password";

export type ChangePasswordState = { error?: string; success?: string };

export async function changePasswordAction(_previous: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  const actor = await requirePrincipal();
  const newPassword = String(form.get("newPassword") ?? "");
  if (newPassword !== String(form.get("confirmPassword") ?? "")) return { error: "The new passwords do not match." };
  try {
    await changeOwnPassword(await getDb(), {
      actor,
      clientIp: clientIpOf(await headers()),
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword,
    });
    return { success: "Your password has been changed." };
  } catch (error) {
    if (isAppError(error) && ["INVALID_INPUT", "INVALID_CREDENTIALS"].includes(error.code)) return { error: error.message };
    throw error;
  }
}

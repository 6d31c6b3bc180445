"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/auth";

export type SignInState = { error?: string; address?: string };

/** Only local paths, so a crafted link cannot send a user elsewhere after sign-in. */
function safeCallbackPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/mailbox";
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const address = String(form.get("address") ?? "");
  try {
    await signIn("credentials", {
      address,
      password: String(form.get("password") ?? ""),
      redirectTo: safeCallbackPath(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // signIn() ends a successful sign-in by throwing Next's redirect: let that through.
    if (!(error instanceof AuthError)) throw error;
    const code = (error as AuthError & { code?: string }).code ?? "";
    if (code.startsWith("locked:")) {
      const minutes = Math.max(1, Math.ceil(Number(code.slice("locked:".length)) / 60));
      return { address, error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
    }
    return { address, error: "Wrong address or password." };
  }
}

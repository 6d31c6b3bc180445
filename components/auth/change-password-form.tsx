"use client";

import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/app/(private)/mailbox/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password (at least 10 characters)", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password again", autoComplete: "new-password" },
];

export function ChangePasswordForm() {
  const [state, formAction, isPending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} className="max-w-sm space-y-3">
      {FIELDS.map((field) => (
        <label key={field.name} className="block">
          <span className="text-sm font-medium">{field.label}</span>
          <input
            name={field.name}
            type="password"
            required
            autoComplete={field.autoComplete}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:outline-none"
          />
        </label>
      ))}
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
      <button type="submit" disabled={isPending} className="rounded-md bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 disabled:opacity-60">
        {isPending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { viewAccountAction, type StaffAccountFormState } from "@/app/(private)/staff/accounts/actions";
import { FormError } from "@/components/ui/form-message";

/** Opens the account's pages as its manager sees them, read-only; a refusal shows under the button. */
export function ViewAccountButton({ accountId, accountName }: { accountId: string; accountName: string }) {
  const [state, action, isPending] = useActionState<StaffAccountFormState, FormData>(viewAccountAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="accountId" value={accountId} />
      <button
        type="submit"
        disabled={isPending}
        aria-label={`View ${accountName} read-only`}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60"
      >
        View read-only
      </button>
      {state.error && <FormError>{state.error}</FormError>}
    </form>
  );
}

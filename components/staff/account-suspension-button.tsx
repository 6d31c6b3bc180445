"use client";

import { useActionState } from "react";
import { resumeAccountAction, suspendAccountAction, type StaffAccountFormState } from "@/app/(private)/staff/accounts/actions";
import { FormError } from "@/components/ui/form-message";

/** Suspend an active account or resume a suspended one; a refusal (changed meanwhile) shows under the button. */
export function AccountSuspensionButton({ accountId, accountName, isSuspended }: { accountId: string; accountName: string; isSuspended: boolean }) {
  const [state, action, isPending] = useActionState<StaffAccountFormState, FormData>(isSuspended ? resumeAccountAction : suspendAccountAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="accountId" value={accountId} />
      <button
        type="submit"
        disabled={isPending}
        aria-label={`${isSuspended ? "Resume" : "Suspend"} ${accountName}`}
        className={
          isSuspended
            ? "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60"
            : "rounded-md border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50 disabled:opacity-60"
        }
      >
        {isSuspended ? "Resume" : "Suspend"}
      </button>
      {state.error && <FormError>{state.error}</FormError>}
    </form>
  );
}

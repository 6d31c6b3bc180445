"use client";

import { useActionState } from "react";
import { dropRecipientAction, retryNowAction, type QueueRowState } from "@/app/(private)/staff/queue/actions";
import { FormError } from "@/components/ui/form-message";

/** A waiting recipient's buttons; a refusal (it finished meanwhile, an attempt holds it) shows under them. */
export function QueueRowActions({ recipientId }: { recipientId: string }) {
  const [retryState, retryAction, isRetrying] = useActionState<QueueRowState, FormData>(retryNowAction, {});
  const [dropState, dropAction, isDropping] = useActionState<QueueRowState, FormData>(dropRecipientAction, {});
  const error = retryState.error ?? dropState.error;
  return (
    <div className="space-y-1">
      <div className="flex gap-2">
        <form action={retryAction}>
          <input type="hidden" name="recipientId" value={recipientId} />
          <button type="submit" disabled={isRetrying || isDropping} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60">
            Retry now
          </button>
        </form>
        <form action={dropAction}>
          <input type="hidden" name="recipientId" value={recipientId} />
          <button type="submit" disabled={isRetrying || isDropping} className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50 disabled:opacity-60">
            Drop
          </button>
        </form>
      </div>
      {error && <FormError>{error}</FormError>}
    </div>
  );
}

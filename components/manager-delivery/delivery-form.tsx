"use client";

import { useActionState, type ReactNode } from "react";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";
import { FormError, FormSuccess } from "@/components/ui/form-message";

export const FIELD_CLASS = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:outline-none";

type Action = (previous: DeliveryFormState, form: FormData) => Promise<DeliveryFormState>;

/** One form posting to one server action, its message under it; `inline` puts fields and button on one line. */
export function DeliveryForm({ action, submitLabel, children, isDanger = false, isInline = false, testId }: { action: Action; submitLabel: string; children?: ReactNode; isDanger?: boolean; isInline?: boolean; testId?: string }) {
  const [state, formAction, isPending] = useActionState<DeliveryFormState, FormData>(action, {});
  const colour = isDanger ? "border-red-300 text-red-800 hover:bg-red-50" : "border-blue-700 bg-blue-700 text-white hover:bg-blue-800";
  return (
    <form action={formAction} data-testid={testId} className={isInline ? "space-y-1" : "max-w-md space-y-3"}>
      <div className={isInline ? "flex flex-wrap items-end gap-2" : "space-y-3"}>
        {children}
        <button type="submit" disabled={isPending} className={`rounded-md border px-3 py-1.5 text-sm disabled:opacity-60 ${colour}`}>
          {submitLabel}
        </button>
      </div>
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
    </form>
  );
}

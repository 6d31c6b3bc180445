"use client";

import { useActionState, type ReactNode } from "react";
import type { MailboxFormState } from "@/app/(private)/manager/mailboxes/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";

export type MailboxFormAction = (previous: MailboxFormState, form: FormData) => Promise<MailboxFormState>;

export const INPUT_CLASS = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:outline-none";

/** A small form posting to one server action, with the action's message under it. */
export function ActionForm({
  action,
  submitLabel,
  children,
  isDanger = false,
  testId,
}: {
  action: MailboxFormAction;
  submitLabel: string;
  /** A function of what was typed before a refusal, for forms whose fields should keep it. */
  children: ReactNode | ((values: Record<string, string>) => ReactNode);
  isDanger?: boolean;
  testId?: string;
}) {
  const [state, formAction, isPending] = useActionState<MailboxFormState, FormData>(action, {});
  const colour = isDanger ? "bg-red-700 hover:bg-red-800" : "bg-blue-700 hover:bg-blue-800";
  return (
    <form action={formAction} className="max-w-sm space-y-3" data-testid={testId}>
      {typeof children === "function" ? children(state.values ?? {}) : children}
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
      <button type="submit" disabled={isPending} className={`rounded-md px-4 py-2 text-white disabled:opacity-60 ${colour}`}>
        {submitLabel}
      </button>
    </form>
  );
}

/** A new password and its confirmation. */
export function PasswordFields({ label }: { label: string }) {
  return (
    <>
      <label className="block">
        <span className="text-sm font-medium">{label} (at least 10 characters)</span>
        <input name="password" type="password" required autoComplete="new-password" className={INPUT_CLASS} />
      </label>
      <label className="block">
        <span className="text-sm font-medium">{label} again</span>
        <input name="confirmPassword" type="password" required autoComplete="new-password" className={INPUT_CLASS} />
      </label>
    </>
  );
}

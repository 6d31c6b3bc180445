"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import type { AddressBookFormState } from "@/app/(private)/manager/address-books/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";

export type AddressBookFormAction = (previous: AddressBookFormState, form: FormData) => Promise<AddressBookFormState>;

export const INPUT_CLASS = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:outline-none";

/** A form posting to one address-book action, with its message (and an import's line problems) under it. */
export function AddressBookForm({ action, submitLabel, children, isDanger = false, testId, className = "space-y-3", resetsOnSuccess = false }: {
  action: AddressBookFormAction;
  /** Empty the fields after a success (adding another contact), else keep what was saved. */
  resetsOnSuccess?: boolean;
  submitLabel: string;
  children: ReactNode;
  isDanger?: boolean;
  testId?: string;
  className?: string;
}) {
  const [state, formAction, isPending] = useActionState<AddressBookFormState, FormData>(action, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetsOnSuccess && state.success) form.current?.reset();
  }, [state, resetsOnSuccess]);
  // React resets a form after its action runs; submitting through a transition instead keeps
  // what was typed when the action answers with an error. (Without JavaScript the action still runs.)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const colour = isDanger ? "bg-red-700 hover:bg-red-800" : "bg-blue-700 hover:bg-blue-800";
  return (
    <form ref={form} action={formAction} onSubmit={submit} className={className} data-testid={testId}>
      {children}
      {state.error && <FormError>{state.problems ? "Nothing was imported; fix these lines and try again:" : state.error}</FormError>}
      {state.problems && (
        <ul data-testid="import-problems" className="list-disc pl-5 text-sm text-red-800">
          {state.problems.slice(0, 50).map((problem, index) => (
            <li key={index}>
              Line {problem.line}: {problem.message}
            </li>
          ))}
        </ul>
      )}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
      <button type="submit" disabled={isPending} className={`rounded-md px-3 py-1.5 text-sm text-white disabled:opacity-60 ${colour}`}>
        {submitLabel}
      </button>
    </form>
  );
}

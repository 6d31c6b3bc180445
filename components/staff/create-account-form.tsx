"use client";

import { useActionState } from "react";
import { createAccountWithManagerAction, type StaffAccountFormState } from "@/app/(private)/staff/accounts/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";

const FIELDS = [
  { name: "name", label: "Account name", placeholder: "newco", hint: "Short, lower case: letters, digits, dashes.", type: "text" },
  { name: "displayName", label: "Display name", placeholder: "NewCo Ltd", hint: "", type: "text" },
  { name: "managerAddress", label: "First mailbox", placeholder: "boss@newco.example", hint: "Its domain is added to the new account.", type: "email" },
  { name: "managerDisplayName", label: "Its owner's name", placeholder: "", hint: "", type: "text" },
  { name: "password", label: "Its password", placeholder: "", hint: "At least 10 characters.", type: "password" },
] as const;

/** Staff's form for a new customer: the account, its domain and a first mailbox with full management. */
export function CreateAccountForm() {
  const [state, action, isPending] = useActionState<StaffAccountFormState, FormData>(createAccountWithManagerAction, {});
  return (
    <form action={action} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="create-account-form">
      <h2 className="text-lg font-semibold">Create an account</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((field) => (
          <label key={field.name} className="block">
            <span className="font-medium">{field.label}</span>
            <input
              name={field.name}
              type={field.type}
              placeholder={field.placeholder}
              required={field.name !== "managerDisplayName"}
              autoComplete={field.type === "password" ? "new-password" : "off"}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
            />
            {field.hint && <span className="text-xs text-slate-500">{field.hint}</span>}
          </label>
        ))}
      </div>
      {state.error && <FormError>{state.error}</FormError>}
      {state.created && <FormSuccess>{state.created}</FormSuccess>}
      <button type="submit" disabled={isPending} className="rounded-md bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800 disabled:opacity-60">
        Create account
      </button>
    </form>
  );
}

"use client";

import { createMailboxAction } from "@/app/(private)/manager/mailboxes/actions";
import { ActionForm, INPUT_CLASS, PasswordFields } from "./action-form";

/** "Create mailbox": an address in one of the account's domains, a password, a name and access. */
export function CreateMailboxForm({ domains }: { domains: string[] }) {
  return (
    <ActionForm action={createMailboxAction} submitLabel="Create mailbox" testId="create-mailbox-form">
      {(values) => (
        <>
          <div className="flex flex-wrap items-end gap-2">
            <label className="block min-w-0 flex-1">
              <span className="text-sm font-medium">Address</span>
              <input name="localPart" required maxLength={64} autoComplete="off" defaultValue={values.localPart} className={INPUT_CLASS} />
            </label>
            <label className="block">
              <span className="sr-only">Domain</span>
              <select name="domain" aria-label="Domain" defaultValue={values.domain} className={INPUT_CLASS}>
                {domains.map((domain) => (
                  <option key={domain} value={domain}>
                    @{domain}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="block">
            <span className="text-sm font-medium">Name (optional)</span>
            <input name="displayName" maxLength={200} defaultValue={values.displayName} className={INPUT_CLASS} />
          </label>
          <PasswordFields label="Password" />
          <label className="block">
            <span className="text-sm font-medium">Access level</span>
            <select name="accessLevel" defaultValue={values.accessLevel ?? "SELF"} className={INPUT_CLASS}>
              <option value="SELF">Self (manages only itself)</option>
              <option value="FULL_MANAGEMENT">Full management (manages the whole account)</option>
            </select>
          </label>
          <label className="block">
            <span className="text-sm font-medium">Welcome message (optional)</span>
            <span className="block text-xs text-slate-500">Plain text, delivered to the new mailbox&apos;s Inbox, from you.</span>
            <textarea name="welcomeMessage" rows={4} maxLength={10_000} defaultValue={values.welcomeMessage} className={INPUT_CLASS} />
          </label>
        </>
      )}
    </ActionForm>
  );
}

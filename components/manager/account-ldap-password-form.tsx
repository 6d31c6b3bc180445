"use client";

import { setAccountLdapPasswordAction } from "@/app/(private)/manager/mailboxes/actions";
import { ActionForm, PasswordFields } from "./action-form";

/** Account → LDAP Password: the bind password that reads the account's address books. */
export function AccountLdapPasswordForm({ accountId, accountName }: { accountId: string; accountName: string }) {
  return (
    <ActionForm action={setAccountLdapPasswordAction} submitLabel="Set account LDAP password" testId="account-ldap-password-form">
      <input type="hidden" name="accountId" value={accountId} />
      <p className="text-sm text-slate-600">
        Binds as <code>cn={accountName}</code> and reads the account&apos;s address books.
      </p>
      <PasswordFields label="Account LDAP password" />
    </ActionForm>
  );
}

"use client";

import { useState } from "react";
import Link from "next/link";
import {
  deleteMailboxAction,
  setAccessLevelAction,
  setMailboxDisabledAction,
  setMailboxLdapPasswordAction,
  setMailboxPasswordAction,
  setQuotaAction,
  undoDeleteMailboxAction,
} from "@/app/(private)/manager/mailboxes/actions";
import { ActionForm, INPUT_CLASS, PasswordFields } from "./action-form";

export type MailboxActionRow = {
  id: string;
  accountId: string;
  address: string;
  accessLevel: "FULL_MANAGEMENT" | "SELF";
  isDisabled: boolean;
  isDeleted: boolean;
  quotaBytes: number;
};

type Choice = "" | "password" | "ldap" | "access" | "quota" | "aliases" | "forwarding" | "disable" | "delete" | "undo";

/** The Action select of one row of the Mailboxes page; the chosen action's small form opens under it. */
export function MailboxActionSelect({ mailbox, graceDays }: { mailbox: MailboxActionRow; graceDays: number }) {
  const [choice, setChoice] = useState<Choice>("");
  const hidden = <input type="hidden" name="mailboxId" value={mailbox.id} />;
  return (
    <div className="space-y-3">
      <select
        aria-label={`Action for ${mailbox.address}`}
        value={choice}
        onChange={(event) => setChoice(event.target.value as Choice)}
        className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm sm:w-auto"
      >
        <option value="">Action…</option>
        {mailbox.isDeleted ? (
          <option value="undo">Undo delete</option>
        ) : (
          <>
            <option value="password">Set password</option>
            <option value="ldap">LDAP Password</option>
            <option value="access">Access level</option>
            <option value="quota">Quota</option>
            <option value="aliases">Aliases</option>
            <option value="forwarding">Forwarding</option>
            <option value="disable">{mailbox.isDisabled ? "Enable" : "Disable"}</option>
            <option value="delete">Delete</option>
          </>
        )}
      </select>
      {choice === "password" && (
        <ActionForm action={setMailboxPasswordAction} submitLabel="Set password" testId="set-password-form">
          {hidden}
          <PasswordFields label="New mail password" />
        </ActionForm>
      )}
      {choice === "ldap" && (
        <ActionForm action={setMailboxLdapPasswordAction} submitLabel="Set LDAP password" testId="ldap-password-form">
          {hidden}
          <p className="text-sm text-slate-600">For address-book clients only; it must differ from the mail password.</p>
          <PasswordFields label="LDAP password" />
        </ActionForm>
      )}
      {choice === "access" && (
        <ActionForm action={setAccessLevelAction} submitLabel="Change access" testId="access-level-form">
          {hidden}
          <label className="block">
            <span className="text-sm font-medium">Access level</span>
            <select name="accessLevel" defaultValue={mailbox.accessLevel} className={INPUT_CLASS}>
              <option value="FULL_MANAGEMENT">Full management (manages the whole account)</option>
              <option value="SELF">Self (manages only itself)</option>
            </select>
          </label>
        </ActionForm>
      )}
      {choice === "quota" && (
        <ActionForm action={setQuotaAction} submitLabel="Set quota" testId="quota-form">
          {hidden}
          <div className="flex gap-2">
            <label className="block flex-1">
              <span className="text-sm font-medium">Quota</span>
              <input name="amount" type="number" min={0} step="any" required defaultValue={Math.round((mailbox.quotaBytes / 1024 ** 3) * 100) / 100} className={INPUT_CLASS} />
            </label>
            <label className="block">
              <span className="text-sm font-medium">Unit</span>
              <select name="unit" defaultValue="GiB" className={INPUT_CLASS}>
                <option value="MiB">MiB</option>
                <option value="GiB">GiB</option>
              </select>
            </label>
          </div>
        </ActionForm>
      )}
      {choice === "aliases" && (
        <Link href={`/manager/aliases?account=${encodeURIComponent(mailbox.accountId)}`} className="block text-sm text-blue-700 underline">
          Aliases of this account, {mailbox.address}&apos;s among them
        </Link>
      )}
      {choice === "forwarding" && (
        <Link href={`/manager/aliases?account=${encodeURIComponent(mailbox.accountId)}#forwards`} className="block text-sm text-blue-700 underline">
          Forwarding of this account&apos;s mailboxes, {mailbox.address} among them
        </Link>
      )}
      {choice === "disable" && (
        <ActionForm action={setMailboxDisabledAction} submitLabel={mailbox.isDisabled ? "Enable" : "Disable"} isDanger={!mailbox.isDisabled} testId="disable-form">
          {hidden}
          <input type="hidden" name="isDisabled" value={mailbox.isDisabled ? "false" : "true"} />
          <p className="text-sm text-slate-600">
            {mailbox.isDisabled ? "It can sign in and receive mail again." : "It can no longer sign in, and incoming mail is refused."}
          </p>
        </ActionForm>
      )}
      {choice === "delete" && (
        <ActionForm action={deleteMailboxAction} submitLabel="Delete mailbox" isDanger testId="delete-form">
          {hidden}
          <p className="text-sm text-slate-600">
            {mailbox.address} stops signing in and receiving mail at once. Its mail is removed after {graceDays} days; until then you can undo this.
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="confirm" value="yes" required /> Yes, delete {mailbox.address}
          </label>
        </ActionForm>
      )}
      {choice === "undo" && (
        <ActionForm action={undoDeleteMailboxAction} submitLabel="Restore mailbox" testId="undo-form">
          {hidden}
        </ActionForm>
      )}
    </div>
  );
}

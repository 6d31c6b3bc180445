"use server";

import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { webStore } from "@/app/web-store";
import type { Db } from "@/lib/db";
import type { Principal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { createMailbox } from "@/lib/directory/create-mailbox";
import { setMailboxPassword } from "@/lib/directory/set-mailbox-password";
import { setMailboxLdapPassword } from "@/lib/directory/set-mailbox-ldap-password";
import { setAccountLdapPassword } from "@/lib/directory/set-account-ldap-password";
import { setAccessLevel } from "@/lib/directory/set-access-level";
import { setQuota } from "@/lib/directory/set-quota";
import { setMailboxDisabled } from "@/lib/directory/set-mailbox-disabled";
import { deleteMailbox } from "@/lib/directory/delete-mailbox";
import { undoDeleteMailbox } from "@/lib/directory/undo-delete-mailbox";

/** `values`: what was typed, passwords left out, so a refused form keeps it (React resets forms after an action). */
export type MailboxFormState = { error?: string; success?: string; values?: Record<string, string> };

const Id = z.string().min(1).max(64);
const UNIT_BYTES = { MiB: 1024n ** 2n, GiB: 1024n ** 3n } as const;

const PasswordForm = z
  .object({ mailboxId: Id, password: z.string().max(256), confirmPassword: z.string().max(256) })
  .refine((form) => form.password === form.confirmPassword, { message: "The passwords do not match." });
const AccountPasswordForm = z
  .object({ accountId: Id, password: z.string().max(256), confirmPassword: z.string().max(256) })
  .refine((form) => form.password === form.confirmPassword, { message: "The passwords do not match." });
const AccessLevelForm = z.object({ mailboxId: Id, accessLevel: z.enum(["FULL_MANAGEMENT", "SELF"]) });
const QuotaForm = z.object({
  mailboxId: Id,
  amount: z.coerce.number("Enter a number.").min(0, "The quota must not be below zero.").max(1_000_000, "That quota is too large."),
  unit: z.enum(["MiB", "GiB"]),
});
const DisabledForm = z.object({ mailboxId: Id, isDisabled: z.enum(["true", "false"]) });
const DeleteForm = z.object({ mailboxId: Id, confirm: z.literal("yes", "Tick the box to confirm the deletion.") });
const MailboxIdForm = z.object({ mailboxId: Id });
const CreateForm = z
  .object({
    localPart: z.string().trim().min(1, "Enter the part before the @.").max(64),
    domain: z.string().min(1).max(253),
    displayName: z.string().trim().max(200),
    password: z.string().max(256),
    confirmPassword: z.string().max(256),
    accessLevel: z.enum(["FULL_MANAGEMENT", "SELF"]),
    welcomeMessage: z.string().max(20_000).default(""),
  })
  .refine((form) => form.password === form.confirmPassword, { message: "The passwords do not match." });

/**
 * Validates a form, calls the service with the signed-in principal, and turns the refusals a
 * manager can act on into the form's message. FORBIDDEN answers 403, as the page does.
 */
async function run<T extends z.ZodType>(
  schema: T,
  form: FormData,
  change: (db: Db, input: { actor: Principal; clientIp: string | undefined; data: z.output<T> }) => Promise<unknown>,
  success: string,
): Promise<MailboxFormState> {
  const actor = await requirePrincipal();
  const entries = [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string" && !entry[0].startsWith("$"));
  const values = Object.fromEntries(entries.filter(([name]) => !/password/i.test(name)).map(([name, value]) => [name, value.slice(0, name === "welcomeMessage" ? 20_000 : 300)]));
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form.", values };
  try {
    await change(await getDb(), { actor, clientIp: clientIpOf(await headers()), data: parsed.data });
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && ["NOT_FOUND", "CONFLICT", "INVALID_INPUT"].includes(error.code)) return { error: error.message, values };
    throw error;
  }
  revalidatePath("/manager/mailboxes");
  return { success };
}

export async function createMailboxAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(
    CreateForm,
    form,
    async (db, { actor, clientIp, data }) =>
      createMailbox(
        db,
        { actor, clientIp, address: `${data.localPart}@${data.domain}`, password: data.password, displayName: data.displayName, accessLevel: data.accessLevel, welcomeMessage: data.welcomeMessage },
        { store: await webStore() },
      ),
    "The mailbox has been created.",
  );
}

export async function setMailboxPasswordAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(PasswordForm, form, (db, { actor, clientIp, data }) => setMailboxPassword(db, { actor, clientIp, mailboxId: data.mailboxId, password: data.password }), "The password has been set.");
}

export async function setMailboxLdapPasswordAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(PasswordForm, form, (db, { actor, clientIp, data }) => setMailboxLdapPassword(db, { actor, clientIp, mailboxId: data.mailboxId, password: data.password }), "The LDAP password has been set.");
}

export async function setAccountLdapPasswordAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(AccountPasswordForm, form, (db, { actor, clientIp, data }) => setAccountLdapPassword(db, { actor, clientIp, accountId: data.accountId, password: data.password }), "The account's LDAP password has been set.");
}

export async function setAccessLevelAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(AccessLevelForm, form, (db, { actor, clientIp, data }) => setAccessLevel(db, { actor, clientIp, ...data }), "The access level has been changed.");
}

export async function setQuotaAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(QuotaForm, form, (db, { actor, clientIp, data }) => {
    // Whole bytes: a fractional amount of MiB or GiB is rounded to the byte.
    const quotaBytes = BigInt(Math.round(data.amount * 1024)) * (UNIT_BYTES[data.unit] / 1024n);
    return setQuota(db, { actor, clientIp, mailboxId: data.mailboxId, quotaBytes });
  }, "The quota has been changed.");
}

export async function setMailboxDisabledAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(DisabledForm, form, (db, { actor, clientIp, data }) => setMailboxDisabled(db, { actor, clientIp, mailboxId: data.mailboxId, isDisabled: data.isDisabled === "true" }), "Done.");
}

export async function deleteMailboxAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(DeleteForm, form, (db, { actor, clientIp, data }) => deleteMailbox(db, { actor, clientIp, mailboxId: data.mailboxId }), "The mailbox has been deleted. You can undo this until its data is removed.");
}

export async function undoDeleteMailboxAction(_previous: MailboxFormState, form: FormData): Promise<MailboxFormState> {
  return run(MailboxIdForm, form, (db, { actor, clientIp, data }) => undoDeleteMailbox(db, { actor, clientIp, mailboxId: data.mailboxId }), "The mailbox has been restored.");
}

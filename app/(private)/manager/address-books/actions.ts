"use server";

import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { invalidInput, isAppError, type AppError } from "@/lib/errors";
import { ContactFields } from "@/lib/addressbook/contact-input";
import { createContact } from "@/lib/addressbook/create-contact";
import { updateContact } from "@/lib/addressbook/update-contact";
import { deleteContact } from "@/lib/addressbook/delete-contact";
import { importVcard } from "@/lib/addressbook/import-vcard";
import { importCsv } from "@/lib/addressbook/import-csv";
import { createSharedBook } from "@/lib/addressbook/create-shared-book";
import { renameSharedBook } from "@/lib/addressbook/rename-shared-book";
import { deleteSharedBook } from "@/lib/addressbook/delete-shared-book";
import { grantBook } from "@/lib/addressbook/grant-book";

export type AddressBookFormState = { error?: string; success?: string; problems?: { line: number; message: string }[] };

const PAGE = "/manager/address-books";
const Id = z.string().min(1).max(64);

/** Rows of a repeated group (`email.0.address`, `email.0.type`, …) with any non-empty value. */
function rowsOf(form: FormData, prefix: string, keys: string[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let index = 0; index < 20; index++) {
    const row = Object.fromEntries(keys.map((key) => [key, String(form.get(`${prefix}.${index}.${key}`) ?? "")]));
    if (keys.some((key) => key !== "type" && row[key]!.trim() !== "")) rows.push(row);
  }
  return rows;
}

function contactOf(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    displayName: text("displayName"),
    givenName: text("givenName"),
    familyName: text("familyName"),
    nickname: text("nickname"),
    emails: rowsOf(form, "email", ["type", "address"]),
    phones: rowsOf(form, "phone", ["type", "number"]),
    addresses: rowsOf(form, "address", ["type", "street", "locality", "region", "postalCode", "country"]),
    organization: text("organization"),
    department: text("department"),
    title: text("title"),
    url: text("url"),
    birthday: text("birthday"),
    notes: text("notes"),
    extraVcard: text("extraVcard"),
  };
}

/** What the user can act on becomes the form's message; FORBIDDEN is the 403 page; the rest is a bug. */
function toFormState(error: unknown): AddressBookFormState {
  if (isAppError(error, "FORBIDDEN")) forbidden();
  if (isAppError(error) && ["INVALID_INPUT", "NOT_FOUND", "TOO_LARGE"].includes(error.code)) {
    const problems = (error as AppError).details.problems;
    return { error: error.message, problems: Array.isArray(problems) && problems.every((p) => typeof p === "object" && p && "line" in p) ? (problems as AddressBookFormState["problems"]) : undefined };
  }
  throw error;
}

/** Adds a contact (no `contactId`) or replaces one's fields. */
export async function saveContactAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const bookId = Id.safeParse(form.get("bookId"));
  const contactId = Id.optional().safeParse(form.get("contactId") || undefined);
  if (!bookId.success || !contactId.success) return { error: "This form is not valid any more: reload the page." };
  const contact = ContactFields.safeParse(contactOf(form));
  if (!contact.success) return { error: invalidInput("Contact", contact.error.issues).message };
  const clientIp = clientIpOf(await headers());
  try {
    const db = await getDb();
    if (contactId.data) await updateContact(db, { actor, clientIp, contactId: contactId.data, contact: contact.data });
    else await createContact(db, { actor, clientIp, bookId: bookId.data, contact: contact.data });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return { success: contactId.data ? "Contact saved." : "Contact added." };
}

export async function deleteContactAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const contactId = Id.safeParse(form.get("contactId"));
  if (!contactId.success) return { error: "This row is not valid any more: reload the page." };
  try {
    await deleteContact(await getDb(), { actor, clientIp: clientIpOf(await headers()), contactId: contactId.data });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return {};
}

/** Imports a .vcf or .csv file (by its name) into the book: all its contacts or none. */
export async function importContactsAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const bookId = Id.safeParse(form.get("bookId"));
  const file = form.get("file");
  if (!bookId.success) return { error: "This form is not valid any more: reload the page." };
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a .vcf or .csv file." };
  const isCsv = /\.csv$/i.test(file.name) || file.type === "text/csv";
  try {
    const input = { actor, clientIp: clientIpOf(await headers()), bookId: bookId.data, text: await file.text() };
    const { imported } = isCsv ? await importCsv(await getDb(), input) : await importVcard(await getDb(), input);
    revalidatePath(PAGE);
    return { success: `${imported} ${imported === 1 ? "contact" : "contacts"} imported.` };
  } catch (error) {
    return toFormState(error);
  }
}

/** A further book of the signed-in mailbox's account (its managers only). */
export async function createSharedBookAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const name = String(form.get("name") ?? "");
  try {
    await createSharedBook(await getDb(), { actor, clientIp: clientIpOf(await headers()), accountId: actor.accountId, name });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return { success: "Shared book created." };
}

export async function renameSharedBookAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const bookId = Id.safeParse(form.get("bookId"));
  if (!bookId.success) return { error: "This form is not valid any more: reload the page." };
  try {
    await renameSharedBook(await getDb(), { actor, clientIp: clientIpOf(await headers()), bookId: bookId.data, name: String(form.get("name") ?? "") });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return { success: "Book renamed." };
}

const DeleteSharedBookForm = z.object({ bookId: Id, confirm: z.literal("yes", "Tick the box to confirm the deletion.") });

/** Deletes a shared book with its contacts, once the box saying so is ticked. */
export async function deleteSharedBookAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const parsed = DeleteSharedBookForm.safeParse({ bookId: form.get("bookId"), confirm: form.get("confirm") });
  if (!parsed.success) return { error: parsed.error.issues[0]!.path[0] === "confirm" ? parsed.error.issues[0]!.message : "This form is not valid any more: reload the page." };
  try {
    await deleteSharedBook(await getDb(), { actor, clientIp: clientIpOf(await headers()), bookId: parsed.data.bookId });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return { success: "Book deleted." };
}

/** "NONE" in the form revokes. */
const BookAccessForm = z.object({ bookId: Id, mailboxId: Id, access: z.enum(["NONE", "READ", "READ_WRITE"]) });
const ACCESS_DONE = { NONE: "Access removed.", READ: "Can now read.", READ_WRITE: "Can now read and write." };

/** Sets one mailbox's access to a shared book. */
export async function setBookAccessAction(_previous: AddressBookFormState, form: FormData): Promise<AddressBookFormState> {
  const actor = await requirePrincipal();
  const parsed = BookAccessForm.safeParse({ bookId: form.get("bookId"), mailboxId: form.get("mailboxId"), access: form.get("access") });
  if (!parsed.success) return { error: "This form is not valid any more: reload the page." };
  const { bookId, mailboxId, access } = parsed.data;
  try {
    await grantBook(await getDb(), { actor, clientIp: clientIpOf(await headers()), bookId, mailboxId, access: access === "NONE" ? null : access });
  } catch (error) {
    return toFormState(error);
  }
  revalidatePath(PAGE);
  return { success: ACCESS_DONE[access] };
}

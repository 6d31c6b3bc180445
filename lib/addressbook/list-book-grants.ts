import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { mailboxAddress } from "../directory/find-mailbox-by-address.ts";

export const ListBookGrantsInput = z.object({ bookId: z.string().min(1) });

export type BookGrantListing = { mailboxId: string; address: string; access: "READ" | "READ_WRITE" };

/** Which mailboxes may use a shared book and how, by address. The account's managers only. */
export async function listBookGrants(db: Db, input: { actor: Actor } & z.input<typeof ListBookGrantsInput>): Promise<BookGrantListing[]> {
  const parsed = ListBookGrantsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Address book", parsed.error.issues);
  const book = await db.addressBook.findUnique({ where: { id: parsed.data.bookId }, select: { accountId: true, kind: true } });
  if (!book) throw new AppError("NOT_FOUND", "No such address book.");
  assertAllowed(canManageAccount(input.actor, book.accountId), "Only a mailbox with full management access can see who uses a shared address book.");
  if (book.kind !== "SHARED") throw new AppError("INVALID_INPUT", "Only shared address books are granted to mailboxes.");
  const grants = await db.addressBookGrant.findMany({
    where: { bookId: parsed.data.bookId },
    select: { access: true, mailbox: { select: { id: true, localPart: true, domain: { select: { name: true } } } } },
  });
  return grants.map((grant) => ({ mailboxId: grant.mailbox.id, address: mailboxAddress(grant.mailbox), access: grant.access })).sort((a, b) => a.address.localeCompare(b.address));
}

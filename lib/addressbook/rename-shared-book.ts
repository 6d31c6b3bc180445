import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError, invalidInput } from "../errors.ts";
import { CreateSharedBookInput } from "./create-shared-book.ts";

export const RenameSharedBookInput = z.object({
  bookId: z.string().min(1),
  name: CreateSharedBookInput.shape.name,
});

/**
 * Renames a shared book. The account's managers only; the account book is named after the account
 * and a personal book after its mailbox, so neither is renamed here (INVALID_INPUT).
 */
export async function renameSharedBook(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof RenameSharedBookInput>) {
  const parsed = RenameSharedBookInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Address book", parsed.error.issues);
  const { bookId, name } = parsed.data;
  return db.$transaction(async (tx) => {
    const book = await tx.addressBook.findUnique({ where: { id: bookId } });
    if (!book) throw new AppError("NOT_FOUND", "No such address book.");
    assertAllowed(canManageAccount(input.actor, book.accountId), "Only a mailbox with full management access can rename shared address books.");
    if (book.kind !== "SHARED") throw new AppError("INVALID_INPUT", "Only shared address books can be renamed.");
    const renamed = await tx.addressBook.update({ where: { id: bookId }, data: { name } });
    await recordAuditEvent(tx, { actor: input.actor, action: "addressbook.rename", targetType: "addressBook", targetId: bookId, clientIp: input.clientIp, details: { from: book.name, to: name } });
    return renamed;
  });
}

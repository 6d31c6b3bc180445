import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { invalidInput } from "../errors.ts";

export const CreateSharedBookInput = z.object({
  accountId: z.string().min(1),
  name: z.string().trim().min(1, "must not be empty").max(100, "at most 100 characters"),
});

/** A further book of the account, read and written by the mailboxes granted it. Managers only. */
export async function createSharedBook(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof CreateSharedBookInput>) {
  const parsed = CreateSharedBookInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Address book", parsed.error.issues);
  assertAllowed(canManageAccount(input.actor, parsed.data.accountId), "Only a mailbox with full management access can create shared address books.");
  return db.$transaction(async (tx) => {
    const book = await tx.addressBook.create({ data: { accountId: parsed.data.accountId, kind: "SHARED", name: parsed.data.name } });
    await recordAuditEvent(tx, { actor: input.actor, action: "addressbook.create", targetType: "addressBook", targetId: book.id, clientIp: input.clientIp, details: { name: book.name } });
    return book;
  });
}

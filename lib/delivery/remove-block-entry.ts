import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

export const RemoveBlockEntryInput = z.object({ entryId: z.string().min(1).max(100) });

/** Removes a block-list entry; the MX stops refusing the sender within 10 s. */
export async function removeBlockEntry(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof RemoveBlockEntryInput>) {
  const parsed = RemoveBlockEntryInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Block list", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const entry = await tx.blockListEntry.findUnique({ where: { id: parsed.data.entryId } });
    if (!entry) throw new AppError("NOT_FOUND", "No such block-list entry.");
    if (entry.accountId === null) assertAllowed(canManagePlatform(input.actor), "Only provider staff can change the global block list.");
    else assertAllowed(canManageAccount(input.actor, entry.accountId), "Only a mailbox with full management access can change this account's block list.");
    await tx.blockListEntry.delete({ where: { id: entry.id } });
    await recordAuditEvent(tx, { actor: input.actor, action: "block-list.remove", targetType: "block-list-entry", targetId: entry.id, clientIp: input.clientIp, details: { accountId: entry.accountId, kind: entry.kind, value: entry.value } });
  });
}

import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, canManagePlatform } from "../auth/permissions.ts";

export const ListBlockEntriesInput = z.object({ accountId: z.string().min(1).max(100).nullable() });

/** An account's block list (or the global one, for staff), by kind, then value. */
export async function listBlockEntries(db: Db, input: { actor: Actor } & z.input<typeof ListBlockEntriesInput>) {
  const parsed = ListBlockEntriesInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Block list", parsed.error.issues);
  const { accountId } = parsed.data;
  if (accountId === null) assertAllowed(canManagePlatform(input.actor), "Only provider staff can see the global block list.");
  else assertAllowed(canManageAccount(input.actor, accountId), "Only a mailbox with full management access can see this account's block list.");
  return db.blockListEntry.findMany({ where: { accountId }, orderBy: [{ kind: "asc" }, { value: "asc" }], select: { id: true, kind: true, value: true, note: true, createdAt: true } });
}

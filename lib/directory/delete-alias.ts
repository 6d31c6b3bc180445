import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedAlias } from "./find-managed-alias.ts";

export const DeleteAliasInput = z.object({ aliasId: z.string().min(1).max(100) });

/** Deletes an alias (its targets go with it); mail to it is then refused, or taken by the catch-all. */
export async function deleteAlias(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof DeleteAliasInput>) {
  const parsed = DeleteAliasInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Alias", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const alias = await findManagedAlias(tx, input.actor, parsed.data.aliasId);
    await tx.alias.delete({ where: { id: alias.id } });
    await recordAuditEvent(tx, { actor: input.actor, action: "alias.delete", targetType: "alias", targetId: alias.id, clientIp: input.clientIp, details: { address: alias.address } });
  });
}

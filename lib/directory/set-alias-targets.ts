import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findAliasTargets } from "./find-alias-targets.ts";
import { findManagedAlias } from "./find-managed-alias.ts";

export const SetAliasTargetsInput = z.object({
  aliasId: z.string().min(1).max(100),
  targetMailboxIds: z.array(z.string().min(1).max(100)).max(1000),
});

/** Replaces the mailboxes an alias delivers to (at least one, all of the alias's account). */
export async function setAliasTargets(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetAliasTargetsInput>) {
  const parsed = SetAliasTargetsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Alias", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const alias = await findManagedAlias(tx, input.actor, parsed.data.aliasId);
    const targetIds = await findAliasTargets(tx, alias.domain.accountId, parsed.data.targetMailboxIds);
    await tx.aliasTarget.deleteMany({ where: { aliasId: alias.id } });
    await tx.aliasTarget.createMany({ data: targetIds.map((mailboxId) => ({ aliasId: alias.id, mailboxId })) });
    await recordAuditEvent(tx, { actor: input.actor, action: "alias.targets.set", targetType: "alias", targetId: alias.id, clientIp: input.clientIp, details: { address: alias.address, targetMailboxIds: targetIds } });
  });
}

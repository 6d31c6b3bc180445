import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { canChangeAccessLevel, isStaff } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

export const SetAccessLevelInput = z.object({
  mailboxId: z.string().min(1).max(64),
  accessLevel: z.enum(["FULL_MANAGEMENT", "SELF"]),
});

/**
 * Gives a mailbox full management of its account, or takes it away. A manager cannot demote the
 * account's last FULL_MANAGEMENT mailbox (deleted ones do not count): the account would be left
 * with nobody to manage it but staff, who may still do so.
 */
export async function setAccessLevel(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetAccessLevelInput>): Promise<void> {
  const parsed = SetAccessLevelInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Access level", parsed.error.issues);
  const { accessLevel } = parsed.data;
  await db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, {
      actor: input.actor,
      mailboxId: parsed.data.mailboxId,
      isAllowed: canChangeAccessLevel,
      reason: "Only a mailbox with full management access can change access levels.",
    });
    if (mailbox.accessLevel === accessLevel) return;
    if (accessLevel === "SELF" && !isStaff(input.actor)) {
      const managers = await tx.mailbox.count({ where: { accountId: mailbox.accountId, accessLevel: "FULL_MANAGEMENT", deletedAt: null } });
      if (managers <= 1) throw new AppError("CONFLICT", `${mailbox.address} is the account's last mailbox with full management access: give another mailbox full management first.`);
    }
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { accessLevel } });
    await recordAuditEvent(tx, { actor: input.actor, action: "mailbox.access-level.set", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address: mailbox.address, from: mailbox.accessLevel, to: accessLevel } });
  });
}

import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedForward } from "./find-managed-forward.ts";

export const SetForwardKeepsCopyInput = z.object({ forwardId: z.string().min(1).max(100), keepsCopy: z.boolean() });

/** Whether the mailbox keeps a local copy of what this forward sends on (kept unless every forward says no). */
export async function setForwardKeepsCopy(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof SetForwardKeepsCopyInput>) {
  const parsed = SetForwardKeepsCopyInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Forward", parsed.error.issues);
  return db.$transaction(async (tx) => {
    const forward = await findManagedForward(tx, input.actor, parsed.data.forwardId);
    const updated = await tx.forward.update({ where: { id: forward.id }, data: { keepsCopy: parsed.data.keepsCopy } });
    await recordAuditEvent(tx, { actor: input.actor, action: "forward.keeps-copy.set", targetType: "mailbox", targetId: forward.mailboxId, clientIp: input.clientIp, details: { address: forward.address, keepsCopy: updated.keepsCopy } });
    return updated;
  });
}

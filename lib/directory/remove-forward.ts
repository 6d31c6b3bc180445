import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedForward } from "./find-managed-forward.ts";

export const RemoveForwardInput = z.object({ forwardId: z.string().min(1).max(100) });

/** Stops forwarding to one address; copies already queued are still sent. */
export async function removeForward(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof RemoveForwardInput>) {
  const parsed = RemoveForwardInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Forward", parsed.error.issues);
  await db.$transaction(async (tx) => {
    const forward = await findManagedForward(tx, input.actor, parsed.data.forwardId);
    await tx.forward.delete({ where: { id: forward.id } });
    await recordAuditEvent(tx, { actor: input.actor, action: "forward.remove", targetType: "mailbox", targetId: forward.mailboxId, clientIp: input.clientIp, details: { address: forward.address } });
  });
}

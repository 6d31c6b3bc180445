import type { DbClient } from "../audit/record-audit-event.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";

/** The senders whose remote images the actor always sees, by address. */
export async function listRemoteImageSenders(db: DbClient, input: { actor: Principal }): Promise<{ address: string; createdAt: Date }[]> {
  assertAllowed(canReadMail(input.actor, input.actor.mailboxId), "Only the mailbox itself can see its settings.");
  return db.remoteImageSender.findMany({ where: { mailboxId: input.actor.mailboxId }, orderBy: { address: "asc" }, select: { address: true, createdAt: true } });
}

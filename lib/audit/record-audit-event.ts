import type { Prisma } from "../generated/postgres/client.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";

/** A client of the Prisma API: the db itself or the transaction a service is running in. */
export type DbClient = Db | Prisma.TransactionClient;

export type AuditEntry = {
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string;
  clientIp?: string;
  details?: Prisma.InputJsonValue;
};

/** Appends to the audit trail; call it inside the transaction that makes the change. */
export async function recordAuditEvent(db: DbClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actor.kind === "mailbox" ? entry.actor.mailboxId : null,
      actorAddress: entry.actor.kind === "mailbox" ? entry.actor.address : "system",
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      clientIp: entry.clientIp ?? null,
      details: entry.details,
    },
  });
}

import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/postgres/client.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, isStaff } from "../auth/permissions.ts";

export const ListAuditEventsInput = z.object({
  /** Only this account's events; managers always get their own account's. */
  accountId: z.string().min(1).max(64).optional(),
  /** The acting mailbox's address, or "system". */
  actorAddress: z.string().trim().toLowerCase().min(1).max(254).optional(),
  /** "account." matches account.create, account.suspend, … */
  actionPrefix: z.string().trim().min(1).max(100).optional(),
  targetType: z.string().trim().min(1).max(50).optional(),
  targetId: z.string().trim().min(1).max(64).optional(),
  /** Inclusive lower bound. */
  from: z.date().optional(),
  /** Exclusive upper bound. */
  until: z.date().optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

export type AuditEventRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actorAddress: string | null;
  action: string;
  targetType: string;
  targetId: string;
  clientIp: string | null;
  details: unknown;
};

/**
 * The audit trail, newest first, a page at a time. Staff see every account's events (optionally
 * one account's); a FULL_MANAGEMENT mailbox sees only its own account's; anyone else is FORBIDDEN.
 *
 * AuditEvent has no foreign keys (the trail outlives what it describes), so an event belongs to an
 * account when its target is the account, one of its domains or mailboxes, or when one of the
 * account's mailboxes did it. Events on other kinds of target done by staff show only in the
 * unfiltered staff view; recording sites that want them in the account's view put `accountId`
 * into the event as target ("account", id).
 */
export async function listAuditEvents(db: Db, input: { actor: Actor } & z.input<typeof ListAuditEventsInput>) {
  const { actor } = input;
  const parsed = ListAuditEventsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Audit filter", parsed.error.issues);
  const filters = parsed.data;
  const accountId = isStaff(actor) ? filters.accountId : actor.kind === "mailbox" ? actor.accountId : undefined;
  assertAllowed(
    accountId !== undefined ? canManageAccount(actor, accountId) : isStaff(actor),
    "The audit log is for mailboxes with full management access and for provider staff.",
  );
  if (!isStaff(actor) && filters.accountId !== undefined) assertAllowed(filters.accountId === accountId, "You can only see your own account's audit log.");

  const where: Prisma.AuditEventWhereInput[] = [];
  if (accountId !== undefined) where.push(await belongsToAccount(db, accountId));
  if (filters.actorAddress) where.push({ actorAddress: filters.actorAddress });
  if (filters.actionPrefix) where.push({ action: { startsWith: filters.actionPrefix } });
  if (filters.targetType) where.push({ targetType: filters.targetType });
  if (filters.targetId) where.push({ targetId: filters.targetId });
  if (filters.from) where.push({ at: { gte: filters.from } });
  if (filters.until) where.push({ at: { lt: filters.until } });

  const { page, pageSize } = filters;
  const [total, events] = await Promise.all([
    db.auditEvent.count({ where: { AND: where } }),
    db.auditEvent.findMany({ where: { AND: where }, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  const rows: AuditEventRow[] = events.map((event) => ({ ...event, details: event.details ?? null }));
  return { rows, total, page, pageSize, accountId: accountId ?? null };
}

async function belongsToAccount(db: Db, accountId: string): Promise<Prisma.AuditEventWhereInput> {
  const [domains, mailboxes] = await Promise.all([
    db.domain.findMany({ where: { accountId }, select: { id: true } }),
    db.mailbox.findMany({ where: { accountId }, select: { id: true } }),
  ]);
  const domainIds = domains.map((domain) => domain.id);
  const mailboxIds = mailboxes.map((mailbox) => mailbox.id);
  return {
    OR: [
      { targetType: "account", targetId: accountId },
      { targetType: "domain", targetId: { in: domainIds } },
      { targetType: "mailbox", targetId: { in: mailboxIds } },
      { actorId: { in: mailboxIds } },
    ],
  };
}

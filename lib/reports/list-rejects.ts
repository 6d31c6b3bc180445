import type { Prisma } from "../generated/postgres/client.ts";
import { providerOf, type Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { canViewRejects } from "../auth/permissions.ts";
import { assertCanView, type RejectScope } from "./reject-scope.ts";
import type { RejectFilters } from "./reject-filters.ts";
import { NULL_SENDER } from "./reject-day-counts.ts";

export const REJECTS_PAGE_SIZE = 50;

export type RejectRow = {
  id: string;
  at: Date;
  stage: string;
  smtpCode: number;
  enhancedCode: string;
  reasonKey: string;
  reasonText: string;
  clientIp: string;
  helo: string;
  mailFrom: string;
  rcptTo: string;
  accountId: string | null;
  mailboxId: string | null;
  isCatchAll: boolean;
  score: number | null;
  ruleHits: { name: string; score: number }[];
};

/**
 * The WHERE of a report: scope first and the time range, which the indexes (mailboxId, at),
 * (accountId, at), (rcptTo, at) and (at) lead with, then the filters, checked on those rows only.
 */
export function rejectWhere(scope: RejectScope, filters: RejectFilters): Prisma.RejectEventWhereInput {
  const and: Prisma.RejectEventWhereInput[] = [];
  if (filters.sender) and.push({ mailFrom: filters.sender.toLowerCase() === NULL_SENDER ? "" : { contains: filters.sender } });
  if (filters.domain) and.push({ mailFrom: { endsWith: `@${filters.domain.replace(/^@/, "")}` } });
  if (filters.q) {
    const q = filters.q;
    and.push({ OR: [{ mailFrom: { contains: q } }, { rcptTo: { contains: q } }, { clientIp: { contains: q } }, { helo: { contains: q } }, { reasonText: { contains: q } }, { reasonKey: { contains: q } }] });
  }
  return {
    ...(scope.kind === "account" ? { accountId: scope.accountId } : scope.kind === "mailbox" ? { mailboxId: scope.mailboxId } : {}),
    at: { gte: filters.since, lt: filters.until },
    // An exact recipient can use the (rcptTo, at) index; part of one is a search.
    ...(filters.recipient ? { rcptTo: filters.recipient.includes("@") ? filters.recipient.toLowerCase() : { contains: filters.recipient } } : {}),
    ...(filters.reason ? { reasonKey: filters.reason } : {}),
    ...(filters.stage ? { stage: filters.stage } : {}),
    ...(filters.ip ? { clientIp: filters.ip } : {}),
    ...(filters.includeCatchAll ? {} : { isCatchAll: false }),
    ...(and.length > 0 ? { AND: and } : {}),
  };
}

export function rejectOrder(sort: RejectFilters["sort"]): Prisma.RejectEventOrderByWithRelationInput[] {
  switch (sort) {
    case "time-asc":
      return [{ at: "asc" }, { id: "asc" }];
    case "sender":
      return [{ mailFrom: "asc" }, { at: "desc" }, { id: "desc" }];
    case "recipient":
      return [{ rcptTo: "asc" }, { at: "desc" }, { id: "desc" }];
    case "score-desc":
      return [{ score: { sort: "desc", nulls: "last" } }, { at: "desc" }, { id: "desc" }];
    default:
      return [{ at: "desc" }, { id: "desc" }];
  }
}

const SELECT = {
  id: true,
  at: true,
  stage: true,
  smtpCode: true,
  enhancedCode: true,
  reasonKey: true,
  reasonText: true,
  clientIp: true,
  helo: true,
  mailFrom: true,
  rcptTo: true,
  accountId: true,
  mailboxId: true,
  isCatchAll: true,
  score: true,
  ruleHits: true,
} as const;

type Selected = Prisma.RejectEventGetPayload<{ select: typeof SELECT }>;

function toRow(row: Selected): RejectRow {
  return { ...row, id: String(row.id), ruleHits: Array.isArray(row.ruleHits) ? (row.ruleHits as RejectRow["ruleHits"]) : [] };
}

/**
 * One page of a report's refusals, newest first unless sorted otherwise. One row more than a page
 * is read to know whether there is a next page: no COUNT over millions of rows.
 */
export async function listRejects(db: Db, input: { actor: Principal; scope: RejectScope; filters: RejectFilters; page?: number; pageSize?: number }): Promise<{ rows: RejectRow[]; hasMore: boolean }> {
  assertCanView(input.actor, input.scope);
  const pageSize = input.pageSize ?? REJECTS_PAGE_SIZE;
  const rows = await db.rejectEvent.findMany({
    where: rejectWhere(input.scope, input.filters),
    orderBy: rejectOrder(input.filters.sort),
    skip: ((input.page ?? 1) - 1) * pageSize,
    take: pageSize + 1,
    select: SELECT,
  });
  return { rows: rows.slice(0, pageSize).map(toRow), hasMore: rows.length > pageSize };
}

/** One refusal, if the actor may see it (for the row actions). */
export async function findReject(db: Db, input: { actor: Principal; id: string }): Promise<RejectRow | null> {
  if (!/^\d{1,19}$/.test(input.id)) return null;
  // The SQLite variant's key is an Int: Prisma there refuses a BigInt.
  const id = providerOf(db) === "sqlite" ? (Number(input.id) as unknown as bigint) : BigInt(input.id);
  const row = await db.rejectEvent.findUnique({ where: { id }, select: SELECT });
  if (!row) return null;
  const visible = row.accountId === null ? canViewRejects(input.actor, { accountId: null }) : canViewRejects(input.actor, { accountId: row.accountId, ...(row.mailboxId ? { mailboxId: row.mailboxId } : {}) });
  return visible ? toRow(row) : null;
}

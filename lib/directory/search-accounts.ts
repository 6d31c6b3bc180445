import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/postgres/client.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManagePlatform } from "../auth/permissions.ts";

export const SearchAccountsInput = z.object({
  /** Part of the account's name or display name, or of one of its domains. */
  query: z.string().trim().max(253).default(""),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export type AccountSummary = {
  id: string;
  name: string;
  displayName: string;
  createdAt: Date;
  suspendedAt: Date | null;
  domains: string[];
  mailboxCount: number;
  usedBytes: number;
};

/** Every customer account for staff, by name, with its domains, mailbox count and storage used. Staff only. */
export async function searchAccounts(db: Db, input: { actor: Actor } & z.input<typeof SearchAccountsInput>) {
  assertAllowed(canManagePlatform(input.actor), "The account list is for provider staff.");
  const parsed = SearchAccountsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Account search", parsed.error.issues);
  const { query, page, pageSize } = parsed.data;
  // Names and domains are stored lower-case; a display name is matched as typed (PostgreSQL's LIKE
  // is case-sensitive, and Prisma's insensitive mode does not exist on SQLite).
  const lowered = query.toLowerCase();
  const where: Prisma.AccountWhereInput = query
    ? { OR: [{ name: { contains: lowered } }, { displayName: { contains: query } }, { domains: { some: { name: { contains: lowered } } } }] }
    : {};
  const [total, accounts] = await Promise.all([
    db.account.count({ where }),
    db.account.findMany({
      where,
      orderBy: { name: "asc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { domains: { select: { name: true }, orderBy: { name: "asc" } } },
    }),
  ]);
  const usage = await db.mailbox.groupBy({
    by: ["accountId"],
    where: { accountId: { in: accounts.map((account) => account.id) } },
    _count: { _all: true },
    _sum: { usedBytes: true },
  });
  const usageOf = new Map(usage.map((row) => [row.accountId, row]));
  const rows: AccountSummary[] = accounts.map((account) => ({
    id: account.id,
    name: account.name,
    displayName: account.displayName,
    createdAt: account.createdAt,
    suspendedAt: account.suspendedAt,
    domains: account.domains.map((domain) => domain.name),
    mailboxCount: usageOf.get(account.id)?._count._all ?? 0,
    usedBytes: Number(usageOf.get(account.id)?._sum.usedBytes ?? 0n),
  }));
  return { rows, total, page, pageSize };
}

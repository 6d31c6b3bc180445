import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import type { Prisma } from "../generated/postgres/client.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

export const MAILBOX_SORTS = ["address", "name", "usage", "created"] as const;

export const ListMailboxesInput = z.object({
  accountId: z.string().min(1).max(64),
  search: z.string().trim().max(254).default(""),
  sort: z.enum(MAILBOX_SORTS).default("address"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
});

export type MailboxRow = {
  id: string;
  address: string;
  displayName: string;
  accessLevel: "FULL_MANAGEMENT" | "SELF";
  role: "STAFF" | "ADMIN" | null;
  isDisabled: boolean;
  deletedAt: Date | null;
  hasLdapPassword: boolean;
  quotaBytes: number;
  usedBytes: number;
  createdAt: Date;
};

/**
 * One page of an account's mailboxes for the Mailboxes page: managers of the account and staff.
 * `search` matches the local part, domain or display name (case-insensitively); deleted mailboxes
 * waiting for the purge are listed too, so they can be restored. Byte counts as numbers. With the
 * account's domains, for the Create mailbox form.
 */
export async function listMailboxes(db: Db, input: { actor: Actor } & z.input<typeof ListMailboxesInput>) {
  const parsed = ListMailboxesInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Mailbox list", parsed.error.issues);
  const { accountId, search, sort, direction, page, pageSize } = parsed.data;
  const account = await db.account.findUnique({ where: { id: accountId }, include: { domains: { orderBy: { name: "asc" }, select: { name: true } } } });
  if (!account) throw new AppError("NOT_FOUND", "No such account.");
  assertAllowed(canManageAccount(input.actor, accountId), "The Mailboxes page is for mailboxes with full management access.");

  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs to be told.
  const mode = providerOf(db) === "postgres" ? ({ mode: "insensitive" } as const) : {};
  const where: Prisma.MailboxWhereInput = { accountId };
  if (search) {
    const [localPart, domain] = search.includes("@") ? search.split("@", 2) : [undefined, undefined];
    where.OR = [
      { localPart: { contains: search.toLowerCase() } },
      { displayName: { contains: search, ...mode } },
      { domain: { name: { contains: search.toLowerCase() } } },
      ...(localPart !== undefined ? [{ localPart: { contains: localPart.toLowerCase() }, domain: { name: { startsWith: (domain ?? "").toLowerCase() } } }] : []),
    ];
  }
  const orderBy: Prisma.MailboxOrderByWithRelationInput[] = {
    address: [{ domain: { name: direction } }, { localPart: direction }],
    name: [{ displayName: direction }, { localPart: "asc" as const }],
    usage: [{ usedBytes: direction }, { localPart: "asc" as const }],
    created: [{ createdAt: direction }, { id: direction }],
  }[sort];
  const [total, mailboxes] = await Promise.all([
    db.mailbox.count({ where }),
    db.mailbox.findMany({ where, orderBy, include: { domain: true }, skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  const rows: MailboxRow[] = mailboxes.map((mailbox) => ({
    id: mailbox.id,
    address: mailboxAddress(mailbox),
    displayName: mailbox.displayName,
    accessLevel: mailbox.accessLevel,
    role: mailbox.role,
    isDisabled: mailbox.isDisabled,
    deletedAt: mailbox.deletedAt,
    hasLdapPassword: mailbox.ldapPasswordHash !== null,
    quotaBytes: Number(mailbox.quotaBytes),
    usedBytes: Number(mailbox.usedBytes),
    createdAt: mailbox.createdAt,
  }));
  return {
    account: { id: account.id, name: account.name, displayName: account.displayName, domains: account.domains.map((d) => d.name), hasLdapPassword: account.ldapPasswordHash !== null },
    mailboxes: rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

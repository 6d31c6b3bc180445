import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canReadBook } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";

/**
 * The account's book (one per account, named after the account), created the first time anyone
 * of the account asks for it. Whoever may read it may cause it to exist.
 */
export async function ensureAccountBook(db: Db, input: { actor: Actor; accountId: string }) {
  assertAllowed(canReadBook(input.actor, { accountId: input.accountId, kind: "ACCOUNT", ownerMailboxId: null }), "This is another account's address book.");
  const existing = await findAccountBook(db, input.accountId);
  if (existing) return existing;
  const account = await db.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw new AppError("NOT_FOUND", "No such account.");
  // No unique index can say "one ACCOUNT book per account", so the first request locks the
  // account's row (a row lock on PostgreSQL; SQLite's transactions take the write lock anyway)
  // and the second then finds the book. Readers still take the oldest book, should one slip by.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Account" SET "updatedAt" = "updatedAt" WHERE "id" = ${account.id}`;
    const raced = await tx.addressBook.findFirst({ where: { accountId: account.id, kind: "ACCOUNT" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return raced ?? tx.addressBook.create({ data: { accountId: account.id, kind: "ACCOUNT", name: account.displayName || account.name } });
  });
}

/** The account's book if it exists yet (the oldest, should a race have made two). */
export function findAccountBook(db: Db, accountId: string) {
  return db.addressBook.findFirst({ where: { accountId, kind: "ACCOUNT" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A mailbox's personal book, created on first use; its owner and the account's managers may ask. */
export async function ensurePersonalBook(db: Db, input: { actor: Actor; mailboxId: string }) {
  const mailbox = await db.mailbox.findUnique({ where: { id: input.mailboxId }, include: { domain: true } });
  if (!mailbox) throw new AppError("NOT_FOUND", "No such mailbox.");
  assertAllowed(canReadBook(input.actor, { accountId: mailbox.accountId, kind: "PERSONAL", ownerMailboxId: mailbox.id }), "This is another mailbox's address book.");
  const existing = await db.addressBook.findUnique({ where: { ownerMailboxId: mailbox.id } });
  if (existing) return existing;
  try {
    return await db.addressBook.create({
      data: { accountId: mailbox.accountId, kind: "PERSONAL", ownerMailboxId: mailbox.id, name: `${mailbox.localPart}@${mailbox.domain.name}` },
    });
  } catch (error) {
    // ownerMailboxId is unique: a concurrent first request made it a moment ago.
    if (!isUniqueViolation(error)) throw error;
    return db.addressBook.findUniqueOrThrow({ where: { ownerMailboxId: mailbox.id } });
  }
}

// Both driver adapters report a unique violation as P2002.
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

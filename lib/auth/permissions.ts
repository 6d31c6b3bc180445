import { AppError } from "../errors.ts";
import type { Actor } from "./principal.ts";

// The one permission module. Every entry point asks these questions before it reads or changes
// anything that belongs to an account; tests check them as a matrix.

/** Provider staff (STAFF or ADMIN) and the system itself. */
export function isStaff(actor: Actor): boolean {
  return actor.kind === "system" || actor.role !== null;
}

/** Only ADMIN grants platform roles. */
export function isAdmin(actor: Actor): boolean {
  return actor.kind === "system" || actor.role === "ADMIN";
}

/** Create accounts and domains, see every account. */
export function canManagePlatform(actor: Actor): boolean {
  return isStaff(actor);
}

/** Manage everything in an account: staff, or a FULL_MANAGEMENT mailbox of that account. */
export function canManageAccount(actor: Actor, accountId: string): boolean {
  if (isStaff(actor)) return true;
  return actor.kind === "mailbox" && actor.accountId === accountId && actor.accessLevel === "FULL_MANAGEMENT";
}

/** Manage one mailbox: the mailbox itself, or whoever manages its account. */
export function canManageMailbox(actor: Actor, mailbox: { id: string; accountId: string }): boolean {
  if (actor.kind === "mailbox" && actor.mailboxId === mailbox.id) return true;
  return canManageAccount(actor, mailbox.accountId);
}

/** Change a mailbox's access level or platform role: whoever manages its account, never the mailbox on itself alone. */
export function canChangeAccessLevel(actor: Actor, mailbox: { id: string; accountId: string }): boolean {
  return canManageAccount(actor, mailbox.accountId);
}

/**
 * Look at a mailbox's pages as it sees them, read-only, to help its account: staff, on a mailbox
 * that is not itself staff (whose pages would show staff powers as the viewer's own).
 */
export function canViewAs(actor: Actor, mailbox: { role: "STAFF" | "ADMIN" | null }): boolean {
  return actor.kind === "mailbox" && actor.role !== null && !actor.viewedBy && mailbox.role === null;
}

/**
 * Read or change a mailbox's mail (webmail): the mailbox itself only. Not its account's managers,
 * not staff, and not during a staff member's read-only view: mail is private to its owner.
 */
export function canReadMail(actor: Actor, mailboxId: string): boolean {
  return actor.kind === "mailbox" && actor.mailboxId === mailboxId && !actor.viewedBy;
}

/** An address book as the permission questions see it. */
export type BookRef = { accountId: string; kind: "ACCOUNT" | "PERSONAL" | "SHARED"; ownerMailboxId: string | null };
/** The actor's grant on a SHARED book, when it has one. */
export type BookGrant = "READ" | "READ_WRITE" | null;

/**
 * Read a book: the account book by every mailbox of its account, a personal book by its owner, a
 * shared book by the mailboxes granted it; the account's managers (and staff) read them all.
 */
export function canReadBook(actor: Actor, book: BookRef, grant: BookGrant = null): boolean {
  if (canManageAccount(actor, book.accountId)) return true;
  if (actor.kind !== "mailbox" || actor.accountId !== book.accountId) return false;
  if (book.kind === "ACCOUNT") return true;
  if (book.kind === "PERSONAL") return actor.mailboxId === book.ownerMailboxId;
  return grant !== null;
}

/**
 * Write a book: the account book and shared books by the account's managers (and a shared book by
 * a READ_WRITE grant), a personal book by its owner (and the account's managers).
 */
export function canWriteBook(actor: Actor, book: BookRef, grant: BookGrant = null): boolean {
  if (canManageAccount(actor, book.accountId)) return true;
  if (actor.kind !== "mailbox" || actor.accountId !== book.accountId) return false;
  if (book.kind === "PERSONAL") return actor.mailboxId === book.ownerMailboxId;
  if (book.kind === "SHARED") return grant === "READ_WRITE";
  return false;
}

/** Throws FORBIDDEN with a reason the user can read when `allowed` is false. */
export function assertAllowed(allowed: boolean, reason: string): void {
  if (!allowed) throw new AppError("FORBIDDEN", reason);
}

/**
 * Read the MX's refusals (reject reports) for a mailbox (`mailboxId`) or a whole account (no
 * `mailboxId`): a mailbox its own, a FULL_MANAGEMENT mailbox its account's, staff everything.
 * Staff's platform-wide report is `accountId` null.
 */
export function canViewRejects(actor: Actor, target: { accountId: string | null; mailboxId?: string }): boolean {
  if (target.accountId === null) return canManagePlatform(actor);
  if (target.mailboxId !== undefined) return canManageMailbox(actor, { id: target.mailboxId, accountId: target.accountId });
  return canManageAccount(actor, target.accountId);
}

/** Write, schedule, publish and edit the public status page's posts: staff (STAFF or ADMIN). */
export function canEditStatusPosts(actor: Actor): boolean {
  return isStaff(actor);
}

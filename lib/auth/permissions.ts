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

/** Throws FORBIDDEN with a reason the user can read when `allowed` is false. */
export function assertAllowed(allowed: boolean, reason: string): void {
  if (!allowed) throw new AppError("FORBIDDEN", reason);
}

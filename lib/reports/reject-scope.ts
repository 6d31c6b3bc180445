import { AppError } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { canViewRejects, isStaff } from "../auth/permissions.ts";
import { scopeKey } from "./reject-day-counts.ts";

/** Whose refusals a report covers. */
export type RejectScope = { kind: "all" } | { kind: "account"; accountId: string } | { kind: "mailbox"; accountId: string; mailboxId: string };

/** What the page asks for: nothing (the widest the viewer may see), their own mailbox, an account. */
export type RequestedScope = { view?: "mine" | "account" | "all"; accountId?: string };

/**
 * The report's scope: a mailbox sees its own refusals, a FULL_MANAGEMENT mailbox its account's,
 * staff everyone's (or one account's, or their own). Throws FORBIDDEN for anything wider.
 */
export function resolveRejectScope(actor: Principal, requested: RequestedScope = {}): RejectScope {
  const view = requested.view ?? widestView(actor, requested.accountId);
  const scope: RejectScope =
    view === "all" ? { kind: "all" } : view === "account" ? { kind: "account", accountId: requested.accountId ?? actor.accountId } : { kind: "mailbox", accountId: actor.accountId, mailboxId: actor.mailboxId };
  assertCanView(actor, scope);
  return scope;
}

/** With no view asked for: staff everyone (or the account asked for), a manager the account, others their own. */
function widestView(actor: Principal, accountId: string | undefined): "mine" | "account" | "all" {
  if (isStaff(actor) && !accountId) return "all";
  return canViewRejects(actor, { accountId: accountId ?? actor.accountId }) ? "account" : "mine";
}

export function assertCanView(actor: Principal, scope: RejectScope): void {
  const allowed =
    scope.kind === "all" ? canViewRejects(actor, { accountId: null }) : scope.kind === "account" ? canViewRejects(actor, { accountId: scope.accountId }) : canViewRejects(actor, scope);
  if (!allowed) throw new AppError("FORBIDDEN", "You can see the refusals of your own mailbox only.");
}

/** The RejectDayCount scope string. */
export function rollupScopeOf(scope: RejectScope): string {
  return scope.kind === "all" ? scopeKey.all : scope.kind === "account" ? scopeKey.account(scope.accountId) : scopeKey.mailbox(scope.mailboxId);
}

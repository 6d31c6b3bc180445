import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, isStaff } from "../auth/permissions.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

/**
 * The accounts an actor manages, each with its domains and mailboxes: every account for staff,
 * the actor's own for a FULL_MANAGEMENT mailbox; FORBIDDEN for a SELF mailbox.
 */
export async function listAccountOverviews(db: Db, input: { actor: Actor }) {
  const { actor } = input;
  const ownAccountId = actor.kind === "mailbox" ? actor.accountId : undefined;
  assertAllowed(
    isStaff(actor) || (ownAccountId !== undefined && canManageAccount(actor, ownAccountId)),
    "Account pages are for mailboxes with full management access. Yours has Self access: it manages only itself.",
  );
  const accounts = await db.account.findMany({
    where: isStaff(actor) ? {} : { id: ownAccountId },
    orderBy: { name: "asc" },
    include: {
      domains: { orderBy: { name: "asc" } },
      mailboxes: { include: { domain: true }, orderBy: [{ domain: { name: "asc" } }, { localPart: "asc" }] },
    },
  });
  return accounts.map((account) => ({
    id: account.id,
    name: account.name,
    displayName: account.displayName,
    domains: account.domains.map((domain) => domain.name),
    mailboxes: account.mailboxes.map((mailbox) => ({
      id: mailbox.id,
      address: mailboxAddress(mailbox),
      displayName: mailbox.displayName,
      accessLevel: mailbox.accessLevel,
      role: mailbox.role,
      isDisabled: mailbox.isDisabled,
      quotaBytes: Number(mailbox.quotaBytes),
      usedBytes: Number(mailbox.usedBytes),
    })),
  }));
}

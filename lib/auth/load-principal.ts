import type { Db } from "../db.ts";
import { mailboxAddress } from "../directory/find-mailbox-by-address.ts";
import type { Principal } from "./principal.ts";

/**
 * The current Principal of a mailbox, or null when it was deleted or disabled. Sessions outlive
 * changes (a manager revoking full management access, say), so every request re-reads it.
 */
export async function loadPrincipal(db: Db, mailboxId: string): Promise<Principal | null> {
  const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId }, include: { domain: true, account: { select: { suspendedAt: true } } } });
  // A suspended account's sessions end at their next request, as a disabled mailbox's do.
  if (!mailbox || mailbox.isDisabled || mailbox.deletedAt || mailbox.account.suspendedAt) return null;
  return toPrincipal(mailbox);
}

export function toPrincipal(mailbox: {
  id: string;
  accountId: string;
  localPart: string;
  domain: { name: string };
  displayName: string;
  accessLevel: Principal["accessLevel"];
  role: Principal["role"];
}): Principal {
  return {
    kind: "mailbox",
    mailboxId: mailbox.id,
    accountId: mailbox.accountId,
    address: mailboxAddress(mailbox),
    displayName: mailbox.displayName,
    accessLevel: mailbox.accessLevel,
    role: mailbox.role,
  };
}

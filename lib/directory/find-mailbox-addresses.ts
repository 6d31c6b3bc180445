import type { Db } from "../db.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

/**
 * The addresses of some mailboxes, by id, for views that name them (the queue, complaints). A
 * mailbox deleted since is simply missing from the map: the rows that point at it keep no foreign key.
 */
export async function findMailboxAddresses(db: Db, mailboxIds: Iterable<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set([...mailboxIds].filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const mailboxes = await db.mailbox.findMany({ where: { id: { in: ids } }, select: { id: true, localPart: true, domain: { select: { name: true } } } });
  return new Map(mailboxes.map((mailbox) => [mailbox.id, mailboxAddress(mailbox)]));
}

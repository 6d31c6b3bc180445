import type { Db } from "../db.ts";
import { tryParseAddress } from "./address.ts";

/** The mailbox at an address, with its domain, or null (also for a malformed address). */
export async function findMailboxByAddress(db: Db, address: string) {
  const parsed = tryParseAddress(address);
  if (!parsed) return null;
  return db.mailbox.findFirst({
    where: { localPart: parsed.localPart, domain: { name: parsed.domain } },
    include: { domain: true },
  });
}

export function mailboxAddress(mailbox: { localPart: string; domain: { name: string } }): string {
  return `${mailbox.localPart}@${mailbox.domain.name}`;
}

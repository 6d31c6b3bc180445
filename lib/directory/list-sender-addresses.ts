import type { Db } from "../db.ts";
import { mailboxAddress } from "./find-mailbox-by-address.ts";

/**
 * The addresses a mailbox may choose as From in the webmail: its own first, then the aliases that
 * deliver to it (what lib/directory/owns-address.ts accepts, plus-addresses aside).
 */
export async function listSenderAddresses(db: Db, mailboxId: string): Promise<string[]> {
  const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId }, select: { localPart: true, domain: { select: { name: true } } } });
  if (!mailbox) return [];
  const aliases = await db.alias.findMany({ where: { targets: { some: { mailboxId } } }, select: { localPart: true, domain: { select: { name: true } } } });
  const own = mailboxAddress(mailbox);
  const others = aliases.map((alias) => `${alias.localPart}@${alias.domain.name}`).filter((address) => address !== own);
  return [own, ...[...new Set(others)].sort()];
}

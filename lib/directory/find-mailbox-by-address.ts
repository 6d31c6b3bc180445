import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toBool } from "../db-row.ts";
import type { AccessLevel, PlatformRole } from "../generated/postgres/client.ts";
import { tryParseAddress } from "./address.ts";

/** What a login needs of a mailbox. */
export type MailboxAtAddress = {
  id: string;
  accountId: string;
  localPart: string;
  domain: { name: string };
  displayName: string;
  passwordHash: string;
  accessLevel: AccessLevel;
  role: PlatformRole | null;
  isDisabled: boolean;
  /** Deleted and waiting for the purge (delete-mailbox.ts): refused like a disabled one. */
  isDeleted: boolean;
  /** Its account is suspended (Account.suspendedAt): refused over every protocol; its mail is still accepted. */
  isAccountSuspended: boolean;
};

/**
 * The mailbox at an address, with its domain's name, or null (also for a malformed address). Plain
 * SQL on the process's read connection (lib/db-reader.ts): every IMAP, POP3 and SMTP login runs it.
 */
export async function findMailboxByAddress(db: Db, address: string): Promise<MailboxAtAddress | null> {
  const parsed = tryParseAddress(address);
  if (!parsed) return null;
  const [row] = await readerFor(db).query<Record<string, unknown>>(
    `SELECT m."id", m."accountId", m."localPart", m."displayName", m."passwordHash", CAST(m."accessLevel" AS TEXT) AS "accessLevel", CAST(m."role" AS TEXT) AS "role", m."isDisabled", m."deletedAt", d."name" AS "domainName", a."suspendedAt" AS "accountSuspendedAt"
     FROM "Mailbox" m JOIN "Domain" d ON d."id" = m."domainId" JOIN "Account" a ON a."id" = m."accountId" WHERE d."name" = ? AND m."localPart" = ?`,
    [parsed.domain, parsed.localPart],
  );
  if (!row) return null;
  return {
    id: row.id as string,
    accountId: row.accountId as string,
    localPart: row.localPart as string,
    domain: { name: row.domainName as string },
    displayName: row.displayName as string,
    passwordHash: row.passwordHash as string,
    accessLevel: row.accessLevel as AccessLevel,
    role: (row.role as PlatformRole | null) ?? null,
    isDisabled: toBool(row.isDisabled),
    isDeleted: row.deletedAt !== null && row.deletedAt !== undefined,
    isAccountSuspended: row.accountSuspendedAt !== null && row.accountSuspendedAt !== undefined,
  };
}

export function mailboxAddress(mailbox: { localPart: string; domain: { name: string } }): string {
  return `${mailbox.localPart}@${mailbox.domain.name}`;
}

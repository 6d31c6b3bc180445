import type { Sql } from "../sql.ts";
import { tryParseAddress } from "./address.ts";

/** `alice+news@` is alice's (RFC 5233 subaddressing), as the MX delivers it. */
const SUBADDRESS_DELIMITER = "+";

/**
 * Whether a mailbox may send as an address: its own address (or a plus-address of it), or an alias
 * that delivers to it. What submission checks for MAIL FROM and every From: address (553 5.7.1
 * otherwise), so one customer cannot send as another.
 */
export async function ownsAddress(sql: Sql, mailboxId: string, address: string): Promise<boolean> {
  const parsed = tryParseAddress(address);
  if (!parsed) return false;
  const delimiter = parsed.localPart.indexOf(SUBADDRESS_DELIMITER);
  const localParts = delimiter > 0 ? [parsed.localPart, parsed.localPart.slice(0, delimiter)] : [parsed.localPart];
  for (const localPart of localParts) {
    const rows = await sql.query<{ found: number | bigint }>(
      `SELECT 1 AS "found" FROM "Mailbox" m JOIN "Domain" d ON d."id" = m."domainId" WHERE m."id" = ? AND m."localPart" = ? AND d."name" = ?
       UNION ALL
       SELECT 1 AS "found" FROM "AliasTarget" t JOIN "Alias" a ON a."id" = t."aliasId" JOIN "Domain" d ON d."id" = a."domainId" WHERE t."mailboxId" = ? AND a."localPart" = ? AND d."name" = ?`,
      [mailboxId, localPart, parsed.domain, mailboxId, localPart, parsed.domain],
    );
    if (rows.length > 0) return true;
  }
  return false;
}

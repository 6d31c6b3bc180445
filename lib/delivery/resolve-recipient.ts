import type { Sql } from "../sql.ts";
import { tryParseAddress } from "../directory/address.ts";
import { refusal, type SmtpRefusal } from "./smtp-refusal.ts";

/** Where one accepted recipient's copy goes. `folder` is a plus-address's folder, else INBOX. */
export type DeliveryTarget = { mailboxId: string; folder: string; spamJunkScore: number; spamRejectScore: number; isFull: boolean };

export type ResolvedRecipient = {
  address: string;
  domainId: string;
  accountId: string;
  /** Only the domain's catch-all takes it: its refusals are capped in the reject log. */
  isCatchAll: boolean;
  /** One per mailbox (an alias fans out); never empty. */
  targets: DeliveryTarget[];
};

export type RecipientResolution = { ok: true; recipient: ResolvedRecipient } | { ok: false; refusal: SmtpRefusal; domainId?: string; accountId?: string; mailboxId?: string; isCatchAll: boolean };

/** `alice+news@` is alice's, into her folder "news" when she has one (RFC 5233 subaddressing). */
const SUBADDRESS_DELIMITER = "+";

// A deleted mailbox (waiting for the purge) is filtered out by every query below, so the MX answers
// 550 5.1.1 as for an address that never existed; nor does an alias or a catch-all deliver to it.
const TARGET_COLUMNS = `"id", "isDisabled", "spamJunkScore", "spamRejectScore", CASE WHEN "usedBytes" >= "quotaBytes" THEN 1 ELSE 0 END AS "isFull"`;
type TargetMailbox = { id: string; isDisabled: boolean | number | bigint; spamJunkScore: number; spamRejectScore: number; isFull: number | bigint };

/**
 * Who receives mail for an address, as the MX sees it at RCPT TO: a mailbox, an alias's mailboxes,
 * the same for the part before "+", then the domain's catch-all. Refusals: a domain we do not host
 * or whose ownership is not proved yet (relaying, 554 5.7.1: an unverified domain is not ours),
 * an unknown user (550 5.1.1), a disabled mailbox (550 5.2.1).
 */
export async function resolveRecipient(sql: Sql, address: string): Promise<RecipientResolution> {
  const parsed = tryParseAddress(address);
  if (!parsed) return { ok: false, refusal: refusal("RCPT", 501, "5.1.3", "bad_address", "Bad recipient address syntax"), isCatchAll: false };
  // Plain SQL (lib/db-reader.ts): this runs for every recipient.
  const [domain] = await sql.query<{ id: string; accountId: string; catchAllMailboxId: string | null }>(`SELECT "id", "accountId", "catchAllMailboxId" FROM "Domain" WHERE "name" = ? AND "verifiedAt" IS NOT NULL`, [parsed.domain]);
  if (!domain) return { ok: false, refusal: refusal("RCPT", 554, "5.7.1", "relay_denied", "Relay access denied"), isCatchAll: false };
  const context = { domainId: domain.id, accountId: domain.accountId };

  const delimiter = parsed.localPart.indexOf(SUBADDRESS_DELIMITER);
  const candidates = [{ localPart: parsed.localPart, folder: "INBOX" }];
  if (delimiter > 0) candidates.push({ localPart: parsed.localPart.slice(0, delimiter), folder: parsed.localPart.slice(delimiter + 1) || "INBOX" });

  for (const { localPart, folder } of candidates) {
    const mailboxes = await mailboxesAt(sql, domain.id, localPart);
    if (mailboxes.length === 0) continue;
    const enabled = mailboxes.filter((m) => !Number(m.isDisabled)); // SQLite answers 0/1
    if (enabled.length === 0) {
      return { ok: false, refusal: refusal("RCPT", 550, "5.2.1", "mailbox_disabled", "Mailbox disabled, not accepting messages"), ...context, mailboxId: mailboxes[0]!.id, isCatchAll: false };
    }
    return { ok: true, recipient: { address: parsed.address, ...context, isCatchAll: false, targets: enabled.map((m) => toTarget(m, folder)) } };
  }

  if (domain.catchAllMailboxId) {
    const [catchAll] = await sql.query<TargetMailbox>(`SELECT ${TARGET_COLUMNS} FROM "Mailbox" WHERE "id" = ? AND "deletedAt" IS NULL`, [domain.catchAllMailboxId]);
    if (catchAll && !Number(catchAll.isDisabled)) return { ok: true, recipient: { address: parsed.address, ...context, isCatchAll: true, targets: [toTarget(catchAll, "INBOX")] } };
  }
  return { ok: false, refusal: refusal("RCPT", 550, "5.1.1", "unknown_user", "User unknown in virtual mailbox table"), ...context, isCatchAll: Boolean(domain.catchAllMailboxId) };
}

/** The mailbox with this local part, or the mailboxes of the alias with it (the two never share one). */
async function mailboxesAt(sql: Sql, domainId: string, localPart: string): Promise<TargetMailbox[]> {
  const mailbox = await sql.query<TargetMailbox>(`SELECT ${TARGET_COLUMNS} FROM "Mailbox" WHERE "domainId" = ? AND "localPart" = ? AND "deletedAt" IS NULL`, [domainId, localPart]);
  if (mailbox.length > 0) return mailbox;
  return sql.query<TargetMailbox>(
    `SELECT ${TARGET_COLUMNS} FROM "Mailbox" WHERE "id" IN (SELECT t."mailboxId" FROM "AliasTarget" t JOIN "Alias" a ON a."id" = t."aliasId" WHERE a."domainId" = ? AND a."localPart" = ?) AND "deletedAt" IS NULL ORDER BY "id"`,
    [domainId, localPart],
  );
}

function toTarget(mailbox: TargetMailbox, folder: string): DeliveryTarget {
  return { mailboxId: mailbox.id, folder, spamJunkScore: Number(mailbox.spamJunkScore), spamRejectScore: Number(mailbox.spamRejectScore), isFull: Number(mailbox.isFull) === 1 };
}

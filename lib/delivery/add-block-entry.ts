import { isIP } from "node:net";
import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount, canManagePlatform } from "../auth/permissions.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { normalizeDomain, tryParseAddress } from "../directory/address.ts";

export const AddBlockEntryInput = z.object({
  /** null: the global list, refused for every account (staff only). */
  accountId: z.string().min(1).max(100).nullable(),
  kind: z.enum(["ADDRESS", "DOMAIN", "IP"]),
  value: z.string().trim().min(1, "enter what to block").max(254),
  note: z.string().trim().max(200).default(""),
});

/** A block list holds at most this many entries per account: the MX keeps each list in memory. */
export const MAX_BLOCK_ENTRIES_PER_ACCOUNT = 10_000;

/**
 * Refuses mail from a sender to the account's recipients (or to everyone, for the global list), as
 * the MX reads it through `block-list-cache.ts` within 10 s: an envelope sender address, a domain
 * (its subdomains too), or a client IP address or CIDR range. The value is stored normalized
 * (lower case, IDNA, canonical IP text) so the cache's exact lookups match it.
 * Throws INVALID_INPUT for a malformed value and CONFLICT for one already listed.
 */
export async function addBlockEntry(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof AddBlockEntryInput>) {
  const parsed = AddBlockEntryInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Block list", parsed.error.issues);
  const { accountId, kind, note } = parsed.data;
  if (accountId === null) assertAllowed(canManagePlatform(input.actor), "Only provider staff can change the global block list.");
  else assertAllowed(canManageAccount(input.actor, accountId), "Only a mailbox with full management access can change this account's block list.");
  const value = normalizeBlockValue(kind, parsed.data.value);

  return db.$transaction(async (tx) => {
    if (accountId !== null && !(await tx.account.findUnique({ where: { id: accountId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "No such account.");
    if (await tx.blockListEntry.findFirst({ where: { accountId, kind, value }, select: { id: true } })) throw new AppError("CONFLICT", `${value} is already blocked.`);
    if ((await tx.blockListEntry.count({ where: { accountId } })) >= MAX_BLOCK_ENTRIES_PER_ACCOUNT) {
      throw new AppError("CONFLICT", `A block list holds at most ${MAX_BLOCK_ENTRIES_PER_ACCOUNT} entries.`);
    }
    const entry = await tx.blockListEntry.create({ data: { accountId, kind, value, note } });
    await recordAuditEvent(tx, { actor: input.actor, action: "block-list.add", targetType: "block-list-entry", targetId: entry.id, clientIp: input.clientIp, details: { accountId, kind, value } });
    return entry;
  });
}

/** The stored form of a value, or INVALID_INPUT saying what is wrong with it. */
export function normalizeBlockValue(kind: "ADDRESS" | "DOMAIN" | "IP", input: string): string {
  const value = input.trim();
  if (kind === "ADDRESS") {
    const parsed = tryParseAddress(value);
    if (!parsed) throw new AppError("INVALID_INPUT", `"${value.slice(0, 100)}" is not a valid email address.`);
    return parsed.address;
  }
  if (kind === "DOMAIN") {
    const domain = normalizeDomain(value.replace(/^@/, ""));
    if (!domain) throw new AppError("INVALID_INPUT", `"${value.slice(0, 100)}" is not a valid domain name.`);
    return domain;
  }
  return normalizeIpOrCidr(value);
}

function normalizeIpOrCidr(value: string): string {
  const bad = () => new AppError("INVALID_INPUT", `"${value.slice(0, 100)}" is not an IP address or CIDR range (e.g. 192.0.2.1, 192.0.2.0/24, 2001:db8::/32).`);
  const [address = "", prefix, extra] = value.split("/");
  if (extra !== undefined) throw bad();
  const family = isIP(address);
  if (!family) throw bad();
  // The canonical text: the cache compares by parsing, but the list shows it and duplicates are found by it.
  const canonical = family === 4 ? address : new URL(`http://[${address}]/`).hostname.slice(1, -1);
  if (prefix === undefined) return canonical;
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) throw bad();
  return `${canonical}/${Number(prefix)}`;
}

import { BlockList, isIP } from "node:net";
import type { Db } from "../db.ts";
import { tryParseAddress } from "../directory/address.ts";

export type SenderBlock = { id: string; accountId: string | null; kind: "ADDRESS" | "DOMAIN" | "IP"; value: string };

/**
 * The block-list entry that refuses this sender, if any: the global list's (accountId null) or the
 * recipient account's. An entry matches the envelope sender's address, its domain or any parent
 * domain ("example.com" blocks "mail.example.com"), or the client IP (an address or a CIDR range).
 */
export async function findSenderBlock(db: Db, input: { accountId: string | null; mailFrom: string; clientIp: string }): Promise<SenderBlock | null> {
  const accounts = input.accountId ? [null, input.accountId] : [null];
  const sender = tryParseAddress(input.mailFrom);
  const values: { kind: "ADDRESS" | "DOMAIN"; value: string }[] = [];
  if (sender) {
    values.push({ kind: "ADDRESS", value: sender.address });
    const labels = sender.domain.split(".");
    for (let i = 0; i < labels.length - 1; i++) values.push({ kind: "DOMAIN", value: labels.slice(i).join(".") });
  }
  const owners = accounts.map((accountId) => ({ accountId }));
  const select = { id: true, accountId: true, kind: true, value: true } as const;
  if (values.length > 0) {
    const named = await db.blockListEntry.findFirst({ where: { AND: [{ OR: owners }, { OR: values }] }, select });
    if (named) return named;
  }

  const family = isIP(input.clientIp);
  if (!family) return null;
  const ranges = await db.blockListEntry.findMany({ where: { kind: "IP", OR: owners }, select });
  return ranges.find((entry) => ipMatches(entry.value, input.clientIp, family === 6 ? "ipv6" : "ipv4")) ?? null;
}

function ipMatches(entry: string, ip: string, type: "ipv4" | "ipv6"): boolean {
  const [network, prefix] = entry.split("/");
  const entryType = isIP(network ?? "") === 6 ? "ipv6" : isIP(network ?? "") === 4 ? "ipv4" : undefined;
  if (!network || !entryType) return false;
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(network, entryType);
  else list.addSubnet(network, Number(prefix), entryType);
  return list.check(ip, type);
}

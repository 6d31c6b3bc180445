import { BlockList, isIP } from "node:net";
import type { Db } from "../db.ts";
import { tryParseAddress } from "../directory/address.ts";

export type SenderBlock = { id: string; accountId: string | null; kind: "ADDRESS" | "DOMAIN" | "IP"; value: string };

/** How long a loaded block list is used before it is read again: a Manager edit takes effect within it. */
const MAX_AGE_MS = 10_000;

type CompiledList = { loadedAt: number; byValue: Map<string, SenderBlock>; ranges: { entry: SenderBlock; list: BlockList }[] };

export type BlockListCache = {
  /**
   * The entry that refuses this sender, if any: the global list's or the recipient account's. An
   * entry matches the envelope sender's address, its domain or any parent domain ("example.com"
   * also blocks "mail.example.com"), or the client IP (an address or a CIDR range).
   */
  findSenderBlock(input: { accountId: string | null; mailFrom: string; clientIp: string }): Promise<SenderBlock | null>;
};

/**
 * Block lists kept in memory per account (and the global one), read from the database at most
 * every 10 s: the MX consults them for every recipient, and a query each time cost more than the
 * rest of the recipient's checks together.
 */
export function createBlockListCache(db: Db, now: () => number = Date.now): BlockListCache {
  const lists = new Map<string, Promise<CompiledList>>(); // key: accountId, "" for the global list

  const listOf = (accountId: string | null): Promise<CompiledList> => {
    const key = accountId ?? "";
    const cached = lists.get(key);
    if (cached) {
      // A stale list answers this time and is refreshed for the next (a read never waits on one).
      void cached.then((list) => {
        if (now() - list.loadedAt > MAX_AGE_MS && lists.get(key) === cached) lists.set(key, load(db, accountId, now));
      });
      return cached;
    }
    const loading = load(db, accountId, now);
    lists.set(key, loading);
    loading.catch(() => lists.delete(key));
    return loading;
  };

  return {
    async findSenderBlock(input) {
      const sender = tryParseAddress(input.mailFrom);
      const names = sender ? [`ADDRESS:${sender.address}`, ...parentDomains(sender.domain).map((domain) => `DOMAIN:${domain}`)] : [];
      const family = isIP(input.clientIp);
      for (const list of await Promise.all([listOf(null), ...(input.accountId ? [listOf(input.accountId)] : [])])) {
        for (const name of names) {
          const entry = list.byValue.get(name);
          if (entry) return entry;
        }
        if (family) {
          const range = list.ranges.find(({ list: ips }) => ips.check(input.clientIp, family === 6 ? "ipv6" : "ipv4"));
          if (range) return range.entry;
        }
      }
      return null;
    },
  };
}

async function load(db: Db, accountId: string | null, now: () => number): Promise<CompiledList> {
  const loadedAt = now();
  const entries = await db.blockListEntry.findMany({ where: { accountId }, select: { id: true, accountId: true, kind: true, value: true } });
  const byValue = new Map<string, SenderBlock>();
  const ranges: CompiledList["ranges"] = [];
  for (const entry of entries) {
    if (entry.kind !== "IP") {
      byValue.set(`${entry.kind}:${entry.value.toLowerCase()}`, entry);
      continue;
    }
    const list = ipList(entry.value);
    if (list) ranges.push({ entry, list });
  }
  return { loadedAt, byValue, ranges };
}

function parentDomains(domain: string): string[] {
  const labels = domain.split(".");
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
}

/** An address or CIDR range as a BlockList; null for a malformed entry (it matches nothing). */
function ipList(value: string): BlockList | null {
  const [network, prefix] = value.split("/");
  const family = isIP(network ?? "");
  if (!network || !family) return null;
  const type = family === 6 ? "ipv6" : "ipv4";
  const list = new BlockList();
  try {
    if (prefix === undefined) list.addAddress(network, type);
    else list.addSubnet(network, Number(prefix), type);
  } catch {
    return null; // a prefix out of range: the Manager validates entries, an old row may not be
  }
  return list;
}

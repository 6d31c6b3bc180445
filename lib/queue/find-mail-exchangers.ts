import type { DnsResolver } from "../delivery/dns-resolver.ts";

/** A host to try for a domain, in order, with the addresses to connect to. */
export type MailExchanger = { host: string; addresses: string[] };

export type MailExchangerLookup =
  | { ok: true; exchangers: MailExchanger[] }
  /** permanent: the domain says it takes no mail (null MX, RFC 7505) or does not exist. */
  | { ok: false; permanent: boolean; reason: string };

const NO_SUCH_NAME = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * Where mail for a domain goes (RFC 5321 §5.1): its MX hosts by preference (equal preferences in
 * random order, to spread load), or the domain itself when it has no MX but has an address. Each
 * host's IPv4 and IPv6 addresses are looked up through our resolver, so the SMTP client connects
 * to addresses and never asks the system's DNS.
 */
export async function findMailExchangers(resolver: DnsResolver, domain: string): Promise<MailExchangerLookup> {
  let hosts: string[];
  try {
    const records = await resolver(domain, "MX");
    if (records.some((r) => r.exchange === "" || r.exchange === ".")) return { ok: false, permanent: true, reason: `${domain} accepts no mail (null MX)` };
    hosts = [...records].sort((a, b) => a.priority - b.priority || Math.random() - 0.5).map((r) => r.exchange.replace(/\.$/, "").toLowerCase());
  } catch (error) {
    if (!NO_SUCH_NAME.has(codeOf(error))) return { ok: false, permanent: false, reason: `MX lookup for ${domain} failed (${codeOf(error) || "error"})` };
    hosts = [domain];
  }
  const exchangers: MailExchanger[] = [];
  let hadTemporaryFailure = false;
  for (const host of hosts) {
    const addresses = [...(await addressesOf(resolver, host, "A")), ...(await addressesOf(resolver, host, "AAAA"))];
    if (addresses.some((a) => a === null)) hadTemporaryFailure = true;
    const found = addresses.filter((a): a is string => a !== null);
    if (found.length > 0) exchangers.push({ host, addresses: found });
  }
  if (exchangers.length > 0) return { ok: true, exchangers };
  if (hadTemporaryFailure) return { ok: false, permanent: false, reason: `address lookup for ${domain}'s mail hosts failed` };
  return { ok: false, permanent: true, reason: hosts.length === 1 && hosts[0] === domain ? `${domain} has no mail host` : `${domain}'s mail hosts have no address` };
}

/** The host's addresses; [null] when the lookup failed for a reason other than "no such record". */
async function addressesOf(resolver: DnsResolver, host: string, rrtype: "A" | "AAAA"): Promise<(string | null)[]> {
  try {
    return await resolver(host, rrtype);
  } catch (error) {
    return NO_SUCH_NAME.has(codeOf(error)) ? [] : [null];
  }
}

function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
}

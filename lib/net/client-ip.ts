import { isIP } from "node:net";

/**
 * The address a request really came from. A client can write any X-Forwarded-For it likes, so
 * the header counts only when the peer is a configured proxy: then the rightmost entry that is not
 * one of our proxies is the client (each proxy appends the address it saw).
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: ReadonlySet<string>): string {
  const direct = normalizeIp(peer) ?? "unknown";
  if (!trustedProxies.has(direct) || !forwardedFor) return direct;
  const hops = forwardedFor.split(",").map((hop) => normalizeIp(hop.trim())).filter((hop): hop is string => hop !== undefined);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(hops[i]!)) return hops[i]!;
  return direct;
}

/** "::ffff:192.0.2.1" → "192.0.2.1"; undefined for anything that is not an IP address. */
export function normalizeIp(value: string | undefined): string | undefined {
  const lower = value?.toLowerCase();
  if (!lower) return undefined;
  const unmapped = lower.startsWith("::ffff:") && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
  return isIP(unmapped) ? unmapped : undefined;
}

/** Set by server.ts on every request from resolveClientIp(); any copy a client sends is replaced. */
export const CLIENT_IP_HEADER = "x-mailwright-client-ip";

import { isIPv4, isIPv6 } from "node:net";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Whether a HELO/EHLO argument is a fully-qualified domain name or an address literal
 * ([192.0.2.1], [IPv6:2001:db8::1]), as RFC 5321 §4.1.1.1 asks. Bare words ("localhost", a
 * Windows machine name) and bare IP addresses are what spam bots send; real mail servers name
 * themselves (Postfix's reject_invalid_helo_hostname plus reject_non_fqdn_helo_hostname).
 */
export function isAcceptableHelo(helo: string): boolean {
  const literal = /^\[(.*)\]$/.exec(helo);
  if (literal) {
    const inside = literal[1]!;
    return isIPv4(inside) || (/^ipv6:/i.test(inside) && isIPv6(inside.slice(5)));
  }
  const name = helo.replace(/\.$/, "");
  if (name.length > 253 || isIPv4(name)) return false;
  const labels = name.split(".");
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

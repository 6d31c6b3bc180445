// Rules on the name the client gave in HELO/EHLO.
import { isIP } from "node:net";
import type { Rule } from "../rule.ts";

export const HELO_RULES: Rule[] = [
  {
    name: "FSL_HELO_BARE_IP_1",
    score: 2.0,
    description: "HELO is an IP address, not a host name",
    // RFC 5321 §4.1.3 lets a host without a name send an address literal ("[192.0.2.1]"), but a
    // server delivering to an MX has a name; bots that never set one send their address instead
    test: ({ input }) => readHeloAddress(input.helo) !== null,
  },
  {
    name: "RCVD_HELO_IP_MISMATCH",
    score: 1.5,
    description: "HELO claims an IP address other than the client's",
    test: ({ input }) => {
      const claimed = readHeloAddress(input.helo);
      return claimed !== null && claimed !== normalizeAddress(input.clientIp);
    },
  },
  {
    name: "FSL_HELO_NON_FQDN_1",
    score: 1.5,
    description: "HELO is not a fully qualified domain name",
    test: ({ input }) => readHeloAddress(input.helo) === null && !isFullyQualified(input.helo),
  },
];

/** The address a HELO names: bare ("192.0.2.1") or as an RFC 5321 §4.1.3 literal ("[IPv6:2001:db8::1]"). */
function readHeloAddress(helo: string): string | null {
  const text = helo.trim();
  const literal = /^\[(?:ipv6:)?([^\]]+)\]$/i.exec(text);
  const candidate = literal ? literal[1] : text;
  return isIP(candidate) ? normalizeAddress(candidate) : null;
}

/** "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is 192.0.2.1; IPv6 compared in lower case. */
function normalizeAddress(address: string): string {
  return address.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** At least two labels of letters, digits and hyphens (RFC 1123 §2.1), the last with a letter: "mail.example.com". */
function isFullyQualified(helo: string): boolean {
  const name = helo.trim().replace(/\.$/, "");
  if (name.length > 253) return false;
  const labels = name.split(".");
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && /[a-z]/i.test(labels[labels.length - 1]);
}

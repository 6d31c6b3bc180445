import { isIP } from "node:net";
import type { DnsResolver } from "./dns-resolver.ts";

export interface DnsblListing {
  /** The zone as given, e.g. "zen.spamhaus.org". */
  zone: string;
  /** The return code, e.g. "127.0.0.2"; its meaning is the list's own. */
  answer: string;
}

/**
 * Looks the client address up in DNS blocklists (RFC 5782), all zones at once. Returns one entry
 * per return code (a list may answer several, e.g. Spamhaus ZEN 127.0.0.2 and 127.0.0.4), in the
 * order of `zones`. A zone that does not answer, or answers with an error, counts as not listing
 * the address: a blocklist outage must not refuse mail. Loopback, private and link-local clients
 * are never looked up; no public list can know them. Throws only for a `clientIp` that is not an
 * IP address, a caller's mistake.
 */
export async function checkDnsbl(resolver: DnsResolver, clientIp: string, zones: string[]): Promise<DnsblListing[]> {
  const address = parseAddress(clientIp);
  if (isNeverListed(address)) return [];
  const reversed = reversedName(address);
  const perZone = await Promise.all(
    zones.map(async (zone) => {
      const answers = await resolver(`${reversed}.${zone.replace(/\.$/, "")}`, "A").catch(() => [] as string[]);
      return answers.filter(isListingCode).map((answer) => ({ zone, answer }));
    }),
  );
  return perZone.flat();
}

/**
 * A listing is an answer in 127.0.0.0/8 (RFC 5782 §2.1). Anything else is not the list speaking:
 * resolvers that rewrite NXDOMAIN to an advertising host answer with a public address. Inside
 * 127/8, 127.0.0.1 is never a listing (RFC 5782 §5), and lists use it, like Spamhaus uses
 * 127.255.255.0/24 (252: bad zone name, 254: query through a public resolver, 255: too many
 * queries), to say the query was refused; reading those as listings would refuse all mail.
 */
function isListingCode(answer: string): boolean {
  const octets = answer.split(".").map(Number);
  if (isIP(answer) !== 4 || octets[0] !== 127) return false;
  if (answer === "127.0.0.1") return false;
  return !(octets[1] === 255 && octets[2] === 255);
}

type ParsedAddress = { version: 4; octets: number[] } | { version: 6; groups: number[] };

function parseAddress(ip: string): ParsedAddress {
  const version = isIP(ip);
  if (version === 4) return { version, octets: ip.split(".").map(Number) };
  if (version === 6) {
    const groups = expandIpv6(ip);
    // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d; lists know it by its IPv4 form.
    if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
      return { version: 4, octets: [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff] };
    }
    return { version, groups };
  }
  throw new TypeError(`Not an IP address: ${JSON.stringify(ip)}`);
}

/** "2001:db8::1" → eight 16-bit groups; a trailing dotted IPv4 part counts as two groups. */
function expandIpv6(ip: string): number[] {
  const withoutZone = ip.replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(withoutZone);
  let text = withoutZone;
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number);
    text = `${withoutZone.slice(0, dotted.index)}${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function reversedName(address: ParsedAddress): string {
  if (address.version === 4) return [...address.octets].reverse().join(".");
  // RFC 5782 §2.4: IPv6 lists are keyed by the 32 nibbles, least significant first.
  const nibbles = address.groups.flatMap((group) => group.toString(16).padStart(4, "0").split(""));
  return nibbles.reverse().join(".");
}

function isNeverListed(address: ParsedAddress): boolean {
  if (address.version === 4) {
    const [a, b] = address.octets as [number, number];
    return (
      a === 0 || // "this network" (RFC 791)
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT (RFC 6598)
      (a === 169 && b === 254) || // link-local (RFC 3927)
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  const [first] = address.groups as [number];
  const isUnspecifiedOrLoopback = address.groups.slice(0, 7).every((group) => group === 0) && address.groups[7]! <= 1;
  return (
    isUnspecifiedOrLoopback ||
    (first & 0xfe00) === 0xfc00 || // unique local (RFC 4193)
    (first & 0xffc0) === 0xfe80 // link-local (RFC 4291)
  );
}

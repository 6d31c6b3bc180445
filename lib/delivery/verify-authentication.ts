import { authenticate, type AuthenticateResult, type DKIMResult, type DKIMVerifyResult, type DMARCResult, type DNSResolver } from "mailauth";
import type { AuthVerdict } from "./auth-verdict.ts";
import type { DnsResolver, DnsRrtype } from "./dns-resolver.ts";

export interface VerifyAuthenticationInput {
  /** The message as received, before we add any header. */
  raw: Buffer;
  clientIp: string;
  /** The EHLO/HELO argument. */
  helo: string;
  /** The MAIL FROM address; "" for the null reverse-path, which makes SPF check the HELO name. */
  mailFrom: string;
  /** Our host name: the authserv-id of Authentication-Results and the name in SPF comments. */
  receivingHost: string;
  resolver: DnsResolver;
}

export type DmarcPolicy = "none" | "quarantine" | "reject";

export interface AuthenticationVerdict {
  /** Received-SPF and Authentication-Results, folded and CRLF-terminated, as mailauth writes them. */
  header: string;
  spf: AuthVerdict;
  /** pass if any signature passes, else fail if any fails, else the most telling other result. */
  dkim: AuthVerdict;
  dmarc: AuthVerdict;
  arc: AuthVerdict;
  /** The policy that applies to this message's From domain (sp/np and t=y taken into account). */
  dmarcPolicy: DmarcPolicy | null;
  /** DMARC failed and the applicable policy is reject: the domain asks us to refuse the message. */
  isDmarcReject: boolean;
  /** The RFC5322.From domain, null when the From field names no single domain. */
  fromDomain: string | null;
}

/**
 * SPF, DKIM, ARC and DMARC for one inbound message (mailauth's `authenticate`), every DNS question
 * through `resolver`. What senders and their DNS do gives verdicts, never exceptions: an
 * unreachable DNS server gives temperror once the resolver's timeout passes. Throws for a
 * `receivingHost` that cannot be an authserv-id (our configuration).
 */
export async function verifyAuthentication(input: VerifyAuthenticationInput): Promise<AuthenticationVerdict> {
  const result = await authenticate(input.raw, {
    ip: input.clientIp,
    helo: input.helo,
    // mailauth treats a missing sender as the null reverse-path (RFC 7208 §2.4: check the HELO).
    sender: input.mailFrom || undefined,
    mta: input.receivingHost,
    resolver: toMailauthResolver(input.resolver),
    // Never trust the client's own Received lines for the connection data.
    trustReceived: false,
    // BIMI fetches logos and certificates over HTTPS; it is for display, not for accepting mail.
    disableBimi: true,
  });

  const dmarcPolicy = result.dmarc ? applicablePolicy(result.dmarc) : null;
  const dmarcVerdict = toVerdict(result.dmarc ? result.dmarc.status.result : "none");
  return {
    header: result.headers,
    spf: toVerdict(result.spf ? result.spf.status.result : "none"),
    dkim: combineDkim(result.dkim),
    dmarc: dmarcVerdict,
    arc: toVerdict(result.arc ? result.arc.status.result : "none"),
    dmarcPolicy,
    isDmarcReject: dmarcVerdict === "fail" && dmarcPolicy === "reject",
    fromDomain: fromDomainOf(result),
  };
}

const RRTYPES: ReadonlySet<string> = new Set<DnsRrtype>(["A", "AAAA", "TXT", "MX", "PTR", "CNAME"]);

function toMailauthResolver(resolver: DnsResolver): DNSResolver {
  return async (name, rrtype) => {
    if (!RRTYPES.has(rrtype)) {
      // mailauth reads any code other than ENOTFOUND/ENODATA as a temporary error.
      throw Object.assign(new Error(`Unsupported DNS record type ${rrtype}`), { code: "ENOTIMP" });
    }
    // index.d.ts types the answers as string lists, but mailauth reads MX answers as
    // { exchange, priority }, exactly what dns.promises.resolve and our resolver return.
    return (await resolver(name, rrtype as DnsRrtype)) as string[] | string[][];
  };
}

const VERDICTS: ReadonlySet<string> = new Set<AuthVerdict>(["pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy"]);

function toVerdict(result: string): AuthVerdict {
  if (result === "temperr") return "temperror"; // mailauth's older spelling
  // "skipped" and "declined" are BIMI's; anything unknown carries no judgement either.
  return VERDICTS.has(result) ? (result as AuthVerdict) : "none";
}

// After pass and fail, a temporary error says most (the sender may retry), then a permanent one.
const DKIM_PRECEDENCE: AuthVerdict[] = ["pass", "fail", "temperror", "permerror", "policy", "neutral"];

function combineDkim(dkim: DKIMVerifyResult): AuthVerdict {
  const verdicts = new Set(dkim.results.map(signatureVerdict));
  return DKIM_PRECEDENCE.find((verdict) => verdicts.has(verdict)) ?? "none";
}

// RFC 6376 §6.1.3 makes a body hash mismatch a PERMFAIL, RFC 8601 §2.7.1 "fail". mailauth's
// lenient mode still writes it as neutral; only its strict mode says fail, and strict mode would
// also turn rsa-sha1 signatures and sloppy SPF records into failures, refusing legitimate mail.
function signatureVerdict(signature: DKIMResult & { bodyHash?: string; bodyHashExpecting?: string }): AuthVerdict {
  const isBodyAltered = signature.bodyHash !== undefined && signature.bodyHashExpecting !== undefined && signature.bodyHash !== signature.bodyHashExpecting;
  return isBodyAltered ? "fail" : toVerdict(signature.status.result);
}

const WEAKER_POLICY: Record<DmarcPolicy, DmarcPolicy> = { reject: "quarantine", quarantine: "none", none: "none" };

function applicablePolicy(dmarc: DMARCResult): DmarcPolicy | null {
  const policy = dmarc.policy as string | undefined;
  if (policy !== "none" && policy !== "quarantine" && policy !== "reject") return null;
  // Domains publish pct<100 to roll a policy out; RFC 7489 §6.6.4 applies the next weaker policy
  // to messages outside the sample. We take every message as outside it: never stricter than
  // the owner asked for, and the same message always gets the same answer.
  const pct = percentageOf(dmarc.rr);
  return pct !== null && pct < 100 ? WEAKER_POLICY[policy] : policy;
}

function percentageOf(record: string | undefined): number | null {
  const match = /(?:^|;)\s*pct\s*=\s*(\d+)\s*(?:;|$)/i.exec(record ?? "");
  return match ? Math.min(100, Number(match[1])) : null;
}

function fromDomainOf(result: AuthenticateResult): string | null {
  // The From field's own domain (DMARC's header.from may name the organizational domain instead).
  const domains = new Set(
    result.dkim.headerFrom.filter((address) => address.includes("@")).map((address) => address.slice(address.lastIndexOf("@") + 1).toLowerCase().replace(/\.$/, "")),
  );
  const [only] = domains;
  if (domains.size === 1 && only) return only;
  const fromDmarc = result.dmarc ? result.dmarc.status.header?.from : undefined;
  return typeof fromDmarc === "string" && fromDmarc ? fromDmarc.toLowerCase() : null;
}

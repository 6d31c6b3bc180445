import { Resolver } from "node:dns/promises";

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** What each record type resolves to: the shapes of `dns.promises.resolve(name, rrtype)`. */
export interface DnsAnswers {
  A: string[];
  AAAA: string[];
  /** One entry per record, each a list of its character-strings (join them for the text). */
  TXT: string[][];
  MX: MxRecord[];
  PTR: string[];
  CNAME: string[];
}

export type DnsRrtype = keyof DnsAnswers;

/**
 * The one way the inbound checks ask DNS, called like `dns.promises.resolve`, which is the contract
 * of mailauth's `resolver` option. A name that does not exist rejects with code ENOTFOUND, a name
 * without records of the type with ENODATA (mailauth reads both as "no record"); a timeout with
 * ETIMEOUT, a failing server with ESERVFAIL, ECONNREFUSED, … (mailauth reads these as temperror).
 */
export type DnsResolver = <T extends DnsRrtype>(name: string, rrtype: T) => Promise<DnsAnswers[T]>;

export interface DnsResolverOptions {
  /** "address" or "address:port"; without any, the system's (/etc/resolv.conf). */
  servers?: string[];
  /** How long one question may take, retransmission included. */
  timeoutMs?: number;
  /** How long answers (and "no such name"/"no such record") are reused; 0 turns the cache off. */
  cacheMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/**
 * Senders' SPF, DKIM and DMARC records are asked for again with each of their messages; a minute's
 * reuse is far below the TTLs such records carry (an hour or a day), and no operator has to run a
 * caching resolver beside the MX for it to be fast.
 */
const DEFAULT_CACHE_MS = 60_000;
const CACHE_ENTRIES = 10_000;
/** Only the answer of a server, not the lack of one: timeouts and failures are asked again. */
const CACHEABLE_ERRORS = new Set(["ENOTFOUND", "ENODATA"]);

export function createDnsResolver(options: DnsResolverOptions = {}): DnsResolver {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Node's default (4 tries, 5 s each and growing) lets an unreachable server hold the SMTP
  // transaction for over a minute. A second try after a third of the budget survives one lost
  // UDP datagram; c-ares stretches its retry timeouts in ways of its own, so the budget itself is
  // enforced here.
  const resolver = new Resolver({ timeout: Math.max(1, Math.round(timeoutMs / 3)), tries: 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);
  const ask = <T extends DnsRrtype>(name: string, rrtype: T) => withDeadline(resolver.resolve(name, rrtype) as Promise<DnsAnswers[T]>, timeoutMs, name);
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  return cacheMs > 0 ? cached(ask, cacheMs) : ask;
}

/** Reuses answers for `cacheMs`, at most CACHE_ENTRIES of them (the oldest go first). */
function cached(ask: DnsResolver, cacheMs: number): DnsResolver {
  const answers = new Map<string, { until: number; answer: Promise<unknown> }>();
  return <T extends DnsRrtype>(name: string, rrtype: T) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const hit = answers.get(key);
    if (hit && hit.until > Date.now()) return hit.answer as Promise<DnsAnswers[T]>;
    const answer = ask(name, rrtype);
    answers.delete(key);
    answers.set(key, { until: Date.now() + cacheMs, answer });
    answer.catch((error: { code?: string }) => {
      if (!CACHEABLE_ERRORS.has(error.code ?? "") && answers.get(key)?.answer === answer) answers.delete(key);
    });
    if (answers.size > CACHE_ENTRIES) answers.delete(answers.keys().next().value!);
    return answer;
  };
}

function withDeadline<T>(query: Promise<T>, timeoutMs: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    // The code c-ares uses for its own timeouts, so callers need to know only one.
    timer = setTimeout(() => reject(Object.assign(new Error(`DNS query for ${name} timed out`), { code: "ETIMEOUT", hostname: name })), timeoutMs);
  });
  return Promise.race([query, deadline]).finally(() => clearTimeout(timer));
}

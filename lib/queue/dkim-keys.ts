import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import type { Db } from "../db.ts";
import { AppError } from "../errors.ts";
import { normalizeDomain } from "../directory/address.ts";

/** What signing a message needs (d=, s=, the key), and the TXT record that must be published for it. */
export type DkimSigningKey = {
  /** The signing domain (d=): lower-case IDNA form, as Domain.name. */
  domain: string;
  selector: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** "v=DKIM1; k=rsa; p=…", published at `<selector>._domainkey.<domain>`. */
  dnsRecord: string;
};

// Async: an RSA 2048 key takes 100 ms or more to find, which must not stop the process's thread.
const generateKeyPairAsync = promisify(generateKeyPair);

// A caller that loses the race for a selector re-reads and finds the winner's key on its next pass;
// more losses than this mean something else is wrong.
const MAX_ATTEMPTS = 3;

const ACTIVE_KEY_SELECT = { selector: true, privateKeyPem: true, dnsRecord: true } as const;

/**
 * The domain's newest active DKIM key, created on demand (RSA 2048, selector `mwYYYYMM` of the UTC
 * month of creation) when it has none. Concurrent calls for one domain end with one key: the
 * (domainId, selector) unique constraint lets one insert win and the others read it.
 * Throws NOT_FOUND for an unknown domain id.
 */
export async function ensureDkimKey(db: Db, domainId: string, options: { now?: Date } = {}): Promise<DkimSigningKey> {
  const domain = await db.domain.findUnique({ where: { id: domainId }, select: { id: true, name: true } });
  if (!domain) throw new AppError("NOT_FOUND", "No such domain.");
  return ensureKeyOfDomain(db, domain, options.now ?? new Date());
}

/**
 * The signing key for mail from a domain name (any case, IDNA or Unicode), created on demand;
 * null when the domain is not one of ours (its mail is not ours to sign).
 */
export async function findSigningKey(db: Db, domainName: string, options: { now?: Date } = {}): Promise<DkimSigningKey | null> {
  const name = normalizeDomain(domainName);
  if (!name) return null;
  const domain = await db.domain.findUnique({ where: { name }, select: { id: true, name: true } });
  if (!domain) return null;
  return ensureKeyOfDomain(db, domain, options.now ?? new Date());
}

async function ensureKeyOfDomain(db: Db, domain: { id: string; name: string }, now: Date): Promise<DkimSigningKey> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const active = await db.dkimKey.findFirst({
      where: { domainId: domain.id, isActive: true },
      orderBy: [{ createdAt: "desc" }, { selector: "desc" }],
      select: ACTIVE_KEY_SELECT,
    });
    if (active) return { domain: domain.name, ...active };
    // Retired keys keep their selectors (their records may still be published), so a new key
    // must not reuse one.
    const taken = await db.dkimKey.findMany({ where: { domainId: domain.id }, select: { selector: true } });
    const selector = chooseSelector(now, new Set(taken.map((key) => key.selector)));
    const { privateKeyPem, dnsRecord } = await generateRsaKey();
    try {
      const created = await db.dkimKey.create({ data: { domainId: domain.id, selector, privateKeyPem, dnsRecord }, select: ACTIVE_KEY_SELECT });
      return { domain: domain.name, ...created };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another caller inserted this selector first: the next pass reads its key.
    }
  }
  throw new Error(`ensureDkimKey: could not create a DKIM key for ${domain.name} after ${MAX_ATTEMPTS} attempts`);
}

/** `mw202611` for November 2026 (UTC); `mw202611-2`, `-3`, … when the month's selector is taken. */
export function chooseSelector(now: Date, taken: ReadonlySet<string>): string {
  const base = `mw${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** A new RSA 2048 key: the private key as PKCS#8 PEM, the public key as base64 DER SPKI in the record (RFC 6376 §3.6.1). */
export async function generateRsaKey(): Promise<{ privateKeyPem: string; dnsRecord: string }> {
  const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, dnsRecord: `v=DKIM1; k=rsa; p=${publicKey.toString("base64")}` };
}

// Checked by code, not instanceof: the SQLite and PostgreSQL clients are generated separately, and
// both driver adapters report a unique violation as P2002.
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

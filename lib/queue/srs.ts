// Sender Rewriting Scheme: the envelope sender of a forwarded message becomes an address in our own
// domain, so SPF passes at the destination, and a bounce to that address finds its way back. This is
// Shevek's scheme with the "guarded" SRS1 form, byte for byte as libsrs2 and postsrsd write it, so
// addresses made by either can be reversed here and the other way round:
//
//   alice@orig.example                              -> SRS0=HHHH=TT=orig.example=alice@mx.example.test
//   SRS0=HHHH=TT=orig.example=alice@fwd1.example    -> SRS1=GGGG=fwd1.example==HHHH=TT=orig.example=alice@mx.example.test
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors.ts";

export type SrsOptions = {
  /** The HMAC key. Whoever knows it can make bounce addresses that we turn back into any sender. */
  secret: string | Buffer;
  /** Our forwarding domain, e.g. "mx.example.test": the domain of every address we write. */
  domain: string;
  /** How long a bounce address stays valid, in days; 21 when absent, as in libsrs2. */
  maxAgeDays?: number;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
};

/** Why a bounce address was not turned back into a sender. */
export type SrsReverseFailure = "not_srs" | "bad_hash" | "expired" | "malformed";

export type SrsReverseResult = { ok: true; address: string } | { ok: false; reason: SrsReverseFailure };

const DEFAULT_MAX_AGE_DAYS = 21;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The timestamp is days since the epoch in two base32 characters: it counts round every 1024 days. */
const TIMESTAMP_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const TIMESTAMP_SLOTS = 1024;
/** A timestamp this many days ahead of our clock still counts: the forwarder's clock may run ahead of ours. */
const FUTURE_TOLERANCE_DAYS = 1;
const HASH_LENGTH = 4;
/** libsrs2 writes "=" after the tag but reads "=", "+" and "-" there; the fields after it are always split at "=". */
const SRS_TAG = /^SRS([01])[=+-]/i;
const FIELD_SEPARATOR = "=";

type SrsLocalPart =
  | { kind: "srs0"; hash: string; timestamp: string; host: string; user: string }
  | { kind: "srs1"; hash: string; host: string; rest: string };

/**
 * The envelope sender to use when forwarding a message from `address` to another domain. An address
 * another forwarder rewrote (SRS0) gets the SRS1 form, which points bounces at that first forwarder
 * rather than stacking a second SRS0 on top; an SRS1 address gets a fresh hash and keeps its first
 * forwarder. Left as they are: the null sender "" (bounces are not rewritten, RFC 5321 §4.5.5), an
 * address already in our domain, and a bare local part without "@", which has no domain to vouch for.
 * Throws AppError CONFIG_INVALID when the options are unusable (empty secret or domain).
 */
export function rewriteSender(address: string, options: SrsOptions): string {
  const { secret, domain } = checkOptions(options);
  if (address === "") return "";
  const at = address.lastIndexOf("@");
  if (at < 0) return address;
  const user = address.slice(0, at);
  const host = address.slice(at + 1);
  if (lowerAscii(host) === lowerAscii(domain)) return address;

  const parsed = readSrsLocalPart(user);
  if (parsed?.kind === "srs1") {
    return `SRS1=${computeHash(secret, parsed.host, parsed.rest)}=${parsed.host}=${parsed.rest}@${domain}`;
  }
  if (SRS_TAG.test(user) && user[3] === "0") {
    // everything after "SRS0", separator included, so reversing gives back the SRS0 address unchanged
    const rest = user.slice(4);
    return `SRS1=${computeHash(secret, host, rest)}=${host}=${rest}@${domain}`;
  }
  const timestamp = writeTimestamp(readNow(options));
  return `SRS0=${computeHash(secret, timestamp, host, user)}=${timestamp}=${host}=${user}@${domain}`;
}

/**
 * The sender a bounce to `address` belongs to. An SRS0 address gives the original sender; an SRS1
 * address gives the SRS0 address at the first forwarder, who reverses it in turn. The domain of
 * `address` is not checked: the hash is what proves we made it. The hash is checked before the age,
 * so "expired" is only ever said of an address we really wrote.
 * Throws AppError CONFIG_INVALID when the options are unusable.
 */
export function reverseSender(address: string, options: SrsOptions): SrsReverseResult {
  const { secret, maxAgeDays } = checkOptions(options);
  const at = address.lastIndexOf("@");
  const user = at < 0 ? address : address.slice(0, at);
  if (!SRS_TAG.test(user)) return { ok: false, reason: "not_srs" };
  const parsed = readSrsLocalPart(user);
  if (!parsed) return { ok: false, reason: "malformed" };

  if (parsed.kind === "srs1") {
    if (!isHashValid(parsed.hash, computeHash(secret, parsed.host, parsed.rest))) return { ok: false, reason: "bad_hash" };
    return { ok: true, address: `SRS0${parsed.rest}@${parsed.host}` };
  }
  if (!isHashValid(parsed.hash, computeHash(secret, parsed.timestamp, parsed.host, parsed.user))) return { ok: false, reason: "bad_hash" };
  if (!isTimestampFresh(parsed.timestamp, readNow(options), maxAgeDays)) return { ok: false, reason: "expired" };
  return { ok: true, address: `${parsed.user}@${parsed.host}` };
}

/**
 * Whether `address` has the form of an SRS0 or SRS1 address (tag and all fields present). Says nothing
 * about whose it is or whether its hash is good: that takes the secret, and `reverseSender`.
 */
export function isSrsAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  return readSrsLocalPart(at < 0 ? address : address.slice(0, at)) !== null;
}

/**
 * Splits an SRS local part into its fields, or null when it is not one. The host is the field before
 * the user, and a domain cannot hold "=", so everything after it, "=" and "+" included, is the user.
 */
function readSrsLocalPart(user: string): SrsLocalPart | null {
  const tag = SRS_TAG.exec(user);
  if (!tag) return null;
  const fields = user.slice(tag[0].length);
  if (tag[1] === "1") {
    const [hash, host, rest] = splitFields(fields, 3);
    return hash && host && rest ? { kind: "srs1", hash, host, rest } : null;
  }
  const [hash, timestamp, host, rest] = splitFields(fields, 4);
  if (!hash || !host || !rest || !isTimestampText(timestamp)) return null;
  return { kind: "srs0", hash, timestamp, host, user: rest };
}

/** Splits at the first `count - 1` separators; the last piece keeps any further ones. Missing pieces are "". */
function splitFields(text: string, count: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < count - 1; i++) {
    const end = text.indexOf(FIELD_SEPARATOR, start);
    if (end < 0) return [...pieces, text.slice(start)];
    pieces.push(text.slice(start, end));
    start = end + 1;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * HMAC-SHA1 over the fields, each lower-cased (ASCII only, as libsrs2's C-locale tolower), base64, the
 * first four characters. Lower-casing makes the hash survive an MTA that lower-cases the local part.
 */
function computeHash(secret: string | Buffer, ...fields: string[]): string {
  const hmac = createHmac("sha1", secret);
  for (const field of fields) hmac.update(lowerAscii(field), "utf8");
  return hmac.digest("base64").slice(0, HASH_LENGTH);
}

/**
 * Compares case-insensitively, as libsrs2 does: some MTAs lower-case local parts. That leaves about
 * 21 of the 24 bits, which libsrs2 accepts too. Timing-safe, so the hash cannot be guessed a byte at a time.
 */
function isHashValid(given: string, expected: string): boolean {
  const givenBytes = Buffer.from(lowerAscii(given), "utf8");
  const expectedBytes = Buffer.from(lowerAscii(expected), "utf8");
  return givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
}

function writeTimestamp(now: Date): string {
  const slot = readDaySlot(now);
  return TIMESTAMP_ALPHABET[slot >> 5] + TIMESTAMP_ALPHABET[slot & 31];
}

function isTimestampText(text: string | undefined): text is string {
  return text !== undefined && /^[A-Z2-7]{2}$/i.test(text);
}

/**
 * The counter wraps every 1024 days, so the age is taken modulo 1024: a stamp just before the wrap is
 * a few days old, not a thousand days in the future. Ages at the top of the range are stamps from a
 * clock slightly ahead of ours.
 */
function isTimestampFresh(timestamp: string, now: Date, maxAgeDays: number): boolean {
  const upper = timestamp.toUpperCase();
  const then = TIMESTAMP_ALPHABET.indexOf(upper[0]) * 32 + TIMESTAMP_ALPHABET.indexOf(upper[1]);
  const age = (readDaySlot(now) - then + TIMESTAMP_SLOTS) % TIMESTAMP_SLOTS;
  return age <= maxAgeDays || age >= TIMESTAMP_SLOTS - FUTURE_TOLERANCE_DAYS;
}

function readDaySlot(now: Date): number {
  const days = Math.floor(now.getTime() / DAY_MS);
  return ((days % TIMESTAMP_SLOTS) + TIMESTAMP_SLOTS) % TIMESTAMP_SLOTS;
}

function readNow(options: SrsOptions): Date {
  return options.now ? options.now() : new Date();
}

/** Only A-Z: Unicode lower-casing could change the length or differ from what libsrs2 hashes. */
function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * An empty secret would let anyone forge bounce addresses; an age reaching into the future tolerance
 * would make the two windows overlap and every stamp valid.
 */
function checkOptions(options: SrsOptions): { secret: string | Buffer; domain: string; maxAgeDays: number } {
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  if (options.secret.length === 0) throw new AppError("CONFIG_INVALID", "SRS secret must not be empty.");
  if (!options.domain || options.domain.includes("@")) throw new AppError("CONFIG_INVALID", "SRS domain must be a domain name.");
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 0 || maxAgeDays >= TIMESTAMP_SLOTS - FUTURE_TOLERANCE_DAYS) {
    throw new AppError("CONFIG_INVALID", `SRS maxAgeDays must be a whole number from 0 to ${TIMESTAMP_SLOTS - FUTURE_TOLERANCE_DAYS - 1}.`);
  }
  return { secret: options.secret, domain: options.domain, maxAgeDays };
}

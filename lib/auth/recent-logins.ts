import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { verifyPassword } from "./password.ts";

// Mail clients log in constantly: Thunderbird opens several IMAP connections at start, phones
// reconnect on every network change, and each login would pay argon2's ~20 ms of CPU again. So, as
// Dovecot's auth cache does, a password that just verified against a stored hash is remembered for
// a while: as a keyed HMAC (a key of this process's, never stored), under that stored hash. A changed
// password is a new stored hash, so an old entry can never match it. Only successes are kept:
// every wrong password still costs a full argon2 verification, so guessing is no cheaper.

/** How long a verified password is remembered. */
const REMEMBER_MS = 10 * 60 * 1000;
/** Entries at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

const key = randomBytes(32);
const remembered = new Map<string, { mac: Buffer; until: number }>();

function macOf(storedHash: string, password: string): Buffer {
  return createHmac("sha256", key).update(storedHash).update("\0").update(password).digest();
}

/** verifyPassword, answered from memory for a password that verified against this hash within the last minutes. */
export async function verifyPasswordRemembered(storedHash: string, password: string, now = Date.now()): Promise<boolean> {
  const mac = macOf(storedHash, password);
  const entry = remembered.get(storedHash);
  if (entry && entry.until > now && timingSafeEqual(entry.mac, mac)) return true;
  if (entry && entry.until <= now) remembered.delete(storedHash);
  if (!(await verifyPassword(storedHash, password))) return false;
  remembered.delete(storedHash); // re-inserted last, so the oldest entries stay first
  remembered.set(storedHash, { mac, until: now + REMEMBER_MS });
  if (remembered.size > MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
  return true;
}

/** How many verified passwords are remembered now (for tests and the daemon's status). */
export function countRememberedLogins(now = Date.now()): number {
  let count = 0;
  for (const entry of remembered.values()) if (entry.until > now) count += 1;
  return count;
}

import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toDate } from "../db-row.ts";

// Failed-login counters, kept in the database so that a restart (or another process of the same
// service) does not forget them. A key locks when it reaches `maxFailures` within `windowMs`.

export type LoginLimits = {
  /** Failures per address before it locks. */
  maxFailures: number;
  /** Failures per client IP before it locks; higher, since an office behind one NAT shares an IP. */
  maxFailuresPerIp: number;
  windowMs: number;
  lockMs: number;
};

export type ThrottleKey = { scope: "ip" | "address"; key: string };

/**
 * Throws LOCKED_OUT, with the time left, when any of the keys is locked. Plain SQL on the process's
 * read connection (lib/db-reader.ts): every login of every protocol asks.
 */
export async function assertNotLockedOut(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  const rows = await readerFor(db).query<{ lockedUntil: unknown }>(
    `SELECT "lockedUntil" FROM "LoginThrottle" WHERE (${keys.map(() => `("scope" = ? AND "key" = ?)`).join(" OR ")}) AND "lockedUntil" > ?`,
    [...keys.flatMap((k) => [k.scope, k.key]), now],
  );
  const until = Math.max(0, ...rows.map((row) => toDate(row.lockedUntil).getTime()));
  if (until > 0) throw lockedOut(until - now.getTime());
}

/** Counts one failure against every key; returns the longest lock that this failure started, if any. */
export async function recordLoginFailure(db: Db, keys: ThrottleKey[], limits: LoginLimits, now: Date): Promise<number> {
  let lockedForMs = 0;
  for (const { scope, key } of keys) {
    const max = scope === "ip" ? limits.maxFailuresPerIp : limits.maxFailures;
    const windowStart = new Date(now.getTime() - limits.windowMs);
    const row = await db.$transaction(async (tx) => {
      const current = await tx.loginThrottle.findUnique({ where: { scope_key: { scope, key } } });
      if (!current || current.windowStartedAt < windowStart) {
        return tx.loginThrottle.upsert({
          where: { scope_key: { scope, key } },
          create: { scope, key, failures: 1, windowStartedAt: now },
          update: { failures: 1, windowStartedAt: now, lockedUntil: null },
        });
      }
      return tx.loginThrottle.update({ where: { scope_key: { scope, key } }, data: { failures: { increment: 1 } } });
    });
    if (row.failures >= max) {
      // Locking starts a fresh window: after the lock the key gets a full allowance again.
      await db.loginThrottle.update({
        where: { scope_key: { scope, key } },
        data: { lockedUntil: new Date(now.getTime() + limits.lockMs), failures: 0, windowStartedAt: now },
      });
      lockedForMs = Math.max(lockedForMs, limits.lockMs);
    }
  }
  return lockedForMs;
}

/** A successful login forgets the address's failures (not the IP's: one success must not unlock a scanner). */
export async function clearLoginFailures(db: Db, key: ThrottleKey): Promise<void> {
  // Looked for first: most logins have no failures to clear, and a read takes no write lock
  // (on SQLite every login would otherwise queue for the database's one writer).
  const [existing] = await readerFor(db).query(`SELECT 1 FROM "LoginThrottle" WHERE "scope" = ? AND "key" = ?`, [key.scope, key.key]);
  if (existing) await db.loginThrottle.deleteMany({ where: { scope: key.scope, key: key.key } });
}

export function lockedOut(remainingMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    "LOCKED_OUT",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterSeconds },
  );
}

/** When the queue tries again and when it gives up (Postfix: minimal_backoff_time, maximal_queue_lifetime). */
export type RetryPolicy = {
  /** Wait after the first failed attempt; each later wait doubles. */
  firstDelayMs: number;
  /** Longest wait between attempts. */
  maxDelayMs: number;
  /** A recipient still undelivered this long after the message was queued expires (a DSN tells the sender). */
  lifetimeMs: number;
  /** After this long undelivered, the sender is told once that delivery is delayed. */
  delayNoticeAfterMs: number;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** 5 minutes, doubling up to 4 hours; give up after 5 days; a delay notice after 4 hours (RFC 3464 "delayed"). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { firstDelayMs: 5 * MINUTE, maxDelayMs: 4 * HOUR, lifetimeMs: 5 * 24 * HOUR, delayNoticeAfterMs: 4 * HOUR };

/** When to try again after `attempts` failed attempts (1 or more). */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, now: Date): Date {
  const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return new Date(now.getTime() + delay);
}

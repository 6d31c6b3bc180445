import { randomUUID } from "node:crypto";
import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { orNull, toDate } from "../db-row.ts";
import type { DnsResolver } from "../delivery/dns-resolver.ts";
import { findMailExchangers } from "./find-mail-exchangers.ts";
import { deliverRemote, type RecipientOutcome } from "./deliver-remote.ts";
import type { SmtpConnectionPool } from "./smtp-connection-pool.ts";
import { nextAttemptAt, type RetryPolicy } from "./retry-policy.ts";

/** A queued message as the runner and the sender's notices see it. */
export type QueuedMessage = { id: string; origin: string; mailFrom: string; senderMailboxId: string | null; forwardMailboxId: string | null; createdAt: Date; content: Buffer };
/** A recipient whose delivery ended in failure, or is delayed, as its notice reports it. */
export type NoticeRecipient = { address: string; reply: string; host: string; lastAttemptAt: Date; willRetryUntil?: Date };
/** Tells the message's sender that delivery failed (or is delayed) for some recipients; see notify-sender.ts. */
export type NotifySender = (message: QueuedMessage, kind: "failure" | "delay", recipients: NoticeRecipient[]) => Promise<void>;

export type QueueRunnerDeps = {
  db: Db;
  resolver: DnsResolver;
  pool: SmtpConnectionPool;
  policy: RetryPolicy;
  notify: NotifySender;
  /** Recipients claimed per pass. */
  batchSize: number;
  /** How long a claim holds a recipient: a runner killed while delivering lets it go after this. */
  leaseMs: number;
  /** Transactions in flight at once (the pool caps each destination further). */
  concurrency: number;
  /** Only recipients at these destination domains: a runner dedicated to some providers (tests give each runner its own). */
  destinations?: readonly string[];
  now?: () => Date;
};

/** A claimed recipient; `leaseToken` is its claim, which every write of its outcome requires. */
type Claimed = { id: string; messageId: string; address: string; domain: string; attempts: number; leaseToken: string | null };

/**
 * One pass of the queue: claims the recipients that are due (a lease with this pass's token, so
 * several runners, in one process or many, never deliver the same recipient at once), sends each
 * message once per destination domain with all its recipients there, and records every
 * recipient's outcome: delivered, bounced (5xx, or no such domain), or retried later with a
 * growing delay until the message's lifetime runs out (expired). Bounced and expired recipients,
 * and recipients delayed past the notice threshold, are reported to the sender. A runner killed
 * after the remote's 250 and before the record delivers that message again when its lease lapses:
 * at most one duplicate, never a loss. Returns how many recipients it attempted.
 */
export async function runQueueOnce(deps: QueueRunnerDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const claimed = await claimDue(deps, now);
  if (claimed.length === 0) return 0;

  const groups = new Map<string, Claimed[]>();
  for (const recipient of claimed) {
    const key = `${recipient.messageId}\n${recipient.domain}`;
    groups.set(key, [...(groups.get(key) ?? []), recipient]);
  }
  const messages = await loadMessages(deps.db, [...new Set(claimed.map((r) => r.messageId))]);
  const delivered = createDeliveredLog(deps);

  const pending = [...groups.values()];
  const worker = async () => {
    for (let group = pending.shift(); group; group = pending.shift()) {
      const message = messages.get(group[0]!.messageId);
      if (!message) continue; // dropped by staff meanwhile
      const outcomes = await attempt(deps, message, group);
      await record(deps, message, group, outcomes, delivered);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(deps.concurrency, pending.length) }, worker));
  } finally {
    await delivered.flush();
  }
  return claimed.length;
}

/**
 * Deliveries are recorded a batch at a time: one statement for many recipients, where a commit per
 * recipient would cost an fsync each. A runner killed before a batch is written sends those
 * messages again once their lease lapses (at most one duplicate each, as promised); the batch is
 * written when it reaches BATCH rows or is BATCH_MS old, and at the end of every pass.
 */
function createDeliveredLog(deps: QueueRunnerDeps) {
  const BATCH = 50;
  const BATCH_MS = 100;
  let rows: { recipient: Claimed; host: string; at: Date }[] = [];
  const flush = async () => {
    const batch = rows;
    rows = [];
    const byHost = new Map<string, Claimed[]>();
    for (const row of batch) byHost.set(row.host, [...(byHost.get(row.host) ?? []), row.recipient]);
    const at = batch.at(-1)?.at ?? new Date();
    for (const [host, recipients] of byHost) {
      await deps.db.outboundRecipient.updateMany({
        // Only under our claim: a claim that lapsed and was taken by another runner is theirs now.
        where: { id: { in: recipients.map((r) => r.id) }, leaseToken: recipients[0]!.leaseToken, state: "QUEUED" },
        data: { state: "DELIVERED", attempts: { increment: 1 }, lastAttemptAt: at, finishedAt: at, lastError: "", lastHost: host, leaseUntil: null, leaseToken: null },
      });
    }
  };
  return {
    async add(recipient: Claimed, host: string, at: Date) {
      rows.push({ recipient, host, at });
      if (rows.length >= BATCH || at.getTime() - rows[0]!.at.getTime() >= BATCH_MS) await flush();
    },
    flush,
  };
}

async function claimDue(deps: QueueRunnerDeps, now: Date): Promise<Claimed[]> {
  const due = await deps.db.outboundRecipient.findMany({
    where: { state: "QUEUED", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }], ...(deps.destinations ? { domain: { in: [...deps.destinations] } } : {}) },
    orderBy: { nextAttemptAt: "asc" },
    take: deps.batchSize,
    select: { id: true },
  });
  if (due.length === 0) return [];
  const token = randomUUID();
  // The conditions again: a row another runner claimed since the read above is not taken.
  await deps.db.outboundRecipient.updateMany({
    where: { id: { in: due.map((r) => r.id) }, state: "QUEUED", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + deps.leaseMs), leaseToken: token },
  });
  return deps.db.outboundRecipient.findMany({ where: { leaseToken: token }, select: { id: true, messageId: true, address: true, domain: true, attempts: true, leaseToken: true } });
}

/** The claimed recipients' messages, in one plain-SQL read: Prisma would turn each message's bytes into a JS array. */
async function loadMessages(db: Db, ids: string[]): Promise<Map<string, QueuedMessage>> {
  type Row = { id: string; origin: string; mailFrom: string; senderMailboxId: string | null; forwardMailboxId: string | null; createdAt: unknown; content: Uint8Array };
  const rows = await readerFor(db).query<Row>(
    `SELECT "id", "origin", "mailFrom", "senderMailboxId", "forwardMailboxId", "createdAt", "content" FROM "OutboundMessage" WHERE "id" IN (${ids.map(() => "?").join(", ")})`,
    ids,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, origin: String(row.origin), mailFrom: row.mailFrom, senderMailboxId: orNull(String, row.senderMailboxId), forwardMailboxId: orNull(String, row.forwardMailboxId), createdAt: toDate(row.createdAt), content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content) },
    ]),
  );
}

async function attempt(deps: QueueRunnerDeps, message: QueuedMessage, group: Claimed[]): Promise<RecipientOutcome[]> {
  const domain = group[0]!.domain;
  const lookup = await findMailExchangers(deps.resolver, domain);
  if (!lookup.ok) {
    const reply = lookup.permanent ? `550 5.1.2 ${lookup.reason}` : `451 4.4.3 ${lookup.reason}`;
    return group.map((r) => ({ address: r.address, result: lookup.permanent ? "permanent" : "temporary", reply, host: "" }));
  }
  return deliverRemote(deps.pool, domain, lookup.exchangers, { from: message.mailFrom, to: group.map((r) => r.address) }, message.content);
}

async function record(deps: QueueRunnerDeps, message: QueuedMessage, group: Claimed[], outcomes: RecipientOutcome[], delivered: ReturnType<typeof createDeliveredLog>): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(message.createdAt.getTime() + deps.policy.lifetimeMs);
  const failed: NoticeRecipient[] = [];
  const delayed: { id: string; notice: NoticeRecipient }[] = [];
  for (const recipient of group) {
    const outcome = outcomes.find((o) => o.address === recipient.address)!;
    const attempts = recipient.attempts + 1;
    // Only under our claim: one that lapsed and was taken by another runner (or dropped by staff) is not ours to write.
    const ours = { id: recipient.id, leaseToken: recipient.leaseToken, state: "QUEUED" as const };
    const common = { attempts, lastAttemptAt: now, lastError: outcome.result === "delivered" ? "" : outcome.reply, lastHost: outcome.host, leaseUntil: null, leaseToken: null };
    const notice = { address: recipient.address, reply: outcome.reply, host: outcome.host, lastAttemptAt: now };
    if (outcome.result === "delivered") {
      await delivered.add(recipient, outcome.host, now);
    } else if (outcome.result === "permanent" || now >= expiresAt) {
      const { count } = await deps.db.outboundRecipient.updateMany({ where: ours, data: { ...common, state: outcome.result === "permanent" ? "BOUNCED" : "EXPIRED", finishedAt: now } });
      if (count > 0) failed.push(notice);
    } else {
      const { count } = await deps.db.outboundRecipient.updateMany({ where: ours, data: { ...common, nextAttemptAt: nextAttemptAt(deps.policy, attempts, now) } });
      if (count > 0 && now.getTime() - message.createdAt.getTime() >= deps.policy.delayNoticeAfterMs) delayed.push({ id: recipient.id, notice: { ...notice, willRetryUntil: expiresAt } });
    }
  }
  if (failed.length > 0) await notifySafely(deps, message, "failure", failed);
  if (delayed.length > 0) {
    // Once per recipient. The lease is ours, so no other runner changes these rows meanwhile.
    const unsent = await deps.db.outboundRecipient.findMany({ where: { id: { in: delayed.map((d) => d.id) }, delayNoticeSentAt: null }, select: { id: true } });
    if (unsent.length > 0) {
      await deps.db.outboundRecipient.updateMany({ where: { id: { in: unsent.map((r) => r.id) } }, data: { delayNoticeSentAt: now } });
      const ids = new Set(unsent.map((r) => r.id));
      await notifySafely(deps, message, "delay", delayed.filter((d) => ids.has(d.id)).map((d) => d.notice));
    }
  }
}

/** A notice that cannot be stored is logged; the recipients' states are already recorded. */
async function notifySafely(deps: QueueRunnerDeps, message: QueuedMessage, kind: "failure" | "delay", recipients: NoticeRecipient[]): Promise<void> {
  try {
    await deps.notify(message, kind, recipients);
  } catch (error) {
    console.error(`queue: the ${kind} notice for message ${message.id} was not stored:`, error instanceof Error ? error.message : error);
  }
}

export type QueueRunner = { wake(): void; close(): Promise<void> };

/**
 * Runs passes until closed: at once while there is work, then every `intervalMs` (other processes
 * enqueue too) or as soon as wake() says this process enqueued something. A failing pass is logged
 * and retried at the next interval.
 */
export function startQueueRunner(deps: QueueRunnerDeps, options: { intervalMs: number }): QueueRunner {
  let isClosed = false;
  let wakeUp: (() => void) | undefined;
  let wakeRequested = false;
  const loop = (async () => {
    while (!isClosed) {
      let attempted = 0;
      try {
        attempted = await runQueueOnce(deps);
      } catch (error) {
        console.error("queue: a pass failed:", error instanceof Error ? error.message : error);
      }
      if (isClosed) break;
      if (attempted >= deps.batchSize) continue;
      if (wakeRequested) {
        wakeRequested = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
      wakeRequested = false;
    }
  })();
  return {
    wake() {
      wakeRequested = true;
      wakeUp?.();
    },
    async close() {
      isClosed = true;
      wakeUp?.();
      await loop;
      deps.pool.close();
    },
  };
}

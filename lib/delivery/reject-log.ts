import { providerOf, type Db } from "../db.ts";
import { prismaSql } from "../sql.ts";
import { addToDayCounts } from "../reports/reject-day-counts.ts";
import type { SmtpRefusal } from "./smtp-refusal.ts";

export type RejectEntry = SmtpRefusal & {
  at: Date;
  clientIp: string;
  helo: string;
  mailFrom: string;
  rcptTo: string;
  domainId?: string;
  accountId?: string;
  mailboxId?: string;
  isCatchAll: boolean;
  score?: number;
  ruleHits?: { name: string; score: number }[];
};

export type RejectLog = {
  /** Queues a refusal; it is written with others within `flushIntervalMs`. Never blocks, never throws. */
  record(entry: RejectEntry): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
};

export type RejectLogOptions = {
  /** Catch-all refusals stored per domain and UTC day; the rest are only counted. */
  catchAllDailyCap: number;
  flushIntervalMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** While the database is unreachable, at most this many entries wait; the oldest go first. */
  maxPending?: number;
  onError?: (error: unknown) => void;
};

/**
 * The MX's reject log. Refusals are written in batches, one transaction each, so logging costs the
 * MX a queue push per refusal rather than a commit (a dictionary attack on a catch-all domain
 * produces thousands a second). Catch-all refusals are counted per domain and day in
 * CatchAllRejectDay; only the first `catchAllDailyCap` of a day are stored as rows.
 */
export function createRejectLog(db: Db, options: RejectLogOptions): RejectLog {
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const maxBatch = options.maxBatch ?? 1_000;
  const maxPending = options.maxPending ?? 100_000;
  const onError = options.onError ?? ((error) => console.error("reject log: write failed:", error));
  let pending: RejectEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing.then(async () => {
      while (pending.length > 0) {
        const batch = pending.slice(0, maxBatch);
        try {
          await writeBatch(db, batch, options.catchAllDailyCap);
          pending = pending.slice(batch.length);
        } catch (error) {
          onError(error);
          if (pending.length > maxPending) pending = pending.slice(pending.length - maxPending);
          timer ??= setTimeout(() => void flush(), Math.max(flushIntervalMs, 1_000)).unref();
          return;
        }
      }
    });
    return writing;
  };

  return {
    record(entry) {
      pending.push(entry);
      if (pending.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushIntervalMs).unref();
    },
    flush,
    async close() {
      await flush();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

async function writeBatch(db: Db, batch: RejectEntry[], catchAllDailyCap: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const stored: RejectEntry[] = batch.filter((entry) => !entry.isCatchAll || !entry.domainId);
    const catchAllDays = new Map<string, RejectEntry[]>();
    for (const entry of batch) {
      if (!entry.isCatchAll || !entry.domainId) continue;
      const key = `${entry.domainId}\n${entry.at.toISOString().slice(0, 10)}`;
      catchAllDays.set(key, [...(catchAllDays.get(key) ?? []), entry]);
    }
    for (const [key, entries] of catchAllDays) {
      const [domainId, day] = key.split("\n") as [string, string];
      const { count } = await tx.catchAllRejectDay.upsert({
        where: { domainId_day: { domainId, day } },
        create: { domainId, day, count: entries.length },
        update: { count: { increment: entries.length } },
        select: { count: true },
      });
      const roomLeft = Math.max(0, catchAllDailyCap - (count - entries.length));
      stored.push(...entries.slice(0, roomLeft));
    }
    if (stored.length === 0) return;
    await tx.rejectEvent.createMany({
      data: stored.map((e) => ({
        at: e.at,
        stage: e.stage,
        smtpCode: e.smtpCode,
        enhancedCode: e.enhancedCode,
        reasonKey: e.reasonKey,
        reasonText: e.reasonText.slice(0, 500),
        clientIp: e.clientIp,
        helo: e.helo.slice(0, 255),
        mailFrom: e.mailFrom.slice(0, 320),
        rcptTo: e.rcptTo.slice(0, 320),
        domainId: e.domainId ?? null,
        accountId: e.accountId ?? null,
        mailboxId: e.mailboxId ?? null,
        isCatchAll: e.isCatchAll,
        score: e.score ?? null,
        ruleHits: e.ruleHits ?? undefined,
      })),
    });
    // The charts' daily roll-ups, in the same transaction: catch-all refusals are counted apart.
    await addToDayCounts(prismaSql(tx, providerOf(db)), stored.filter((entry) => !entry.isCatchAll));
  });
}

import type { Db } from "../db.ts";
import type { Sql } from "../sql.ts";
import { tryParseAddress } from "../directory/address.ts";
import { enqueueMessage } from "../queue/enqueue-message.ts";
import { rewriteSender, type SrsOptions } from "../queue/srs.ts";

export type MailboxForward = { mailboxId: string; address: string; keepsCopy: boolean };

/** Where forwarded copies may go: a threshold per destination domain, else the default. */
export type ForwardPolicy = { discardScores: ReadonlyMap<string, number>; defaultDiscardScore: number };

/** The forwards of these mailboxes, by mailbox. */
export async function findForwards(sql: Sql, mailboxIds: readonly string[]): Promise<Map<string, MailboxForward[]>> {
  const byMailbox = new Map<string, MailboxForward[]>();
  if (mailboxIds.length === 0) return byMailbox;
  const rows = await sql.query<{ mailboxId: string; address: string; keepsCopy: boolean | number | bigint }>(
    `SELECT "mailboxId", "address", "keepsCopy" FROM "Forward" WHERE "mailboxId" IN (${mailboxIds.map(() => "?").join(", ")}) ORDER BY "address"`,
    [...mailboxIds],
  );
  for (const row of rows) {
    const forward = { mailboxId: row.mailboxId, address: row.address, keepsCopy: Boolean(Number(row.keepsCopy)) };
    byMailbox.set(row.mailboxId, [...(byMailbox.get(row.mailboxId) ?? []), forward]);
  }
  return byMailbox;
}

/** A mailbox keeps its local copy unless it forwards and every forward says not to. */
export function keepsLocalCopy(forwards: readonly MailboxForward[] | undefined): boolean {
  return !forwards || forwards.length === 0 || forwards.some((f) => f.keepsCopy);
}

/** The spam score at or above which a copy forwarded to `domain` is discarded. */
export function discardScoreFor(policy: ForwardPolicy, domain: string): number {
  return policy.discardScores.get(domain) ?? policy.defaultDiscardScore;
}

/**
 * Queues a received message's forwarded copies: one queued message per forwarding mailbox, its
 * envelope sender SRS-rewritten so SPF passes at the destination and bounces come back to us
 * (forward to the original sender). A copy whose spam score reaches its destination's threshold is
 * not sent but counted per destination and day: a big provider that sees spam forwarded from us
 * blocks all our mail. Returns how many copies went to the queue and how many were discarded.
 */
export async function queueForwardedCopies(
  db: Db,
  input: { forwards: readonly MailboxForward[]; raw: Buffer; mailFrom: string; spamScore: number; srs: SrsOptions; policy: ForwardPolicy; now?: Date },
): Promise<{ queued: number; discarded: number }> {
  const now = input.now ?? new Date();
  const sent = new Map<string, string[]>();
  const discarded = new Map<string, number>();
  for (const forward of input.forwards) {
    const domain = tryParseAddress(forward.address)?.domain;
    if (!domain) continue;
    if (input.spamScore >= discardScoreFor(input.policy, domain)) discarded.set(domain, (discarded.get(domain) ?? 0) + 1);
    else sent.set(forward.mailboxId, [...(sent.get(forward.mailboxId) ?? []), forward.address]);
  }
  const mailFrom = rewriteSender(input.mailFrom, input.srs);
  for (const [mailboxId, recipients] of sent) {
    await enqueueMessage(db, { origin: "FORWARD", mailFrom, recipients, raw: input.raw, forwardMailboxId: mailboxId, spamScore: input.spamScore, now });
  }
  const day = now.toISOString().slice(0, 10);
  for (const [destinationDomain, count] of discarded) {
    await db.forwardDiscardDay.upsert({ where: { destinationDomain_day: { destinationDomain, day } }, create: { destinationDomain, day, count }, update: { count: { increment: count } } });
  }
  return { queued: [...sent.values()].reduce((n, list) => n + list.length, 0), discarded: [...discarded.values()].reduce((n, c) => n + c, 0) };
}

import { z } from "zod";
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/postgres/client.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, isStaff } from "../auth/permissions.ts";
import { invalidInput } from "../errors.ts";
import { findMailboxAddresses } from "../directory/find-mailbox-addresses.ts";

/** A recipient's states in the order the staff view lists them: waiting first, then how each ended. */
export const OUTBOUND_STATES = ["QUEUED", "DELIVERED", "BOUNCED", "EXPIRED", "DROPPED"] as const;
export type OutboundStateName = (typeof OUTBOUND_STATES)[number];

export const ListQueueInput = z.object({
  state: z.enum(OUTBOUND_STATES).optional(),
  /** A recipient domain, matched exactly (the queue stores them in lower case). */
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .optional()
    .transform((domain) => domain || undefined),
  page: z.number().int().min(1).max(100_000),
  pageSize: z.number().int().min(1).max(500),
});

/** One recipient of a queued message, as staff see it. Never the message's bytes. */
export type QueueRow = {
  id: string;
  address: string;
  domain: string;
  state: OutboundStateName;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  /** The last reply or error: why it is still waiting, or why it bounced. */
  lastError: string;
  lastHost: string;
  finishedAt: Date | null;
  /** A runner holds it right now (its lease has not lapsed): an attempt is under way. */
  isBeingDelivered: boolean;
  message: {
    id: string;
    origin: "SUBMISSION" | "WEBMAIL" | "FORWARD" | "NOTICE";
    mailFrom: string;
    senderAddress: string | null;
    forwardingAddress: string | null;
    size: number;
    createdAt: Date;
  };
};

export type QueueListing = {
  rows: QueueRow[];
  /** Recipients per state, within the domain filter (not the state filter), for the filter's labels. */
  counts: Record<OutboundStateName, number>;
  /** Rows matching both filters, for paging. */
  total: number;
  page: number;
  pageSize: number;
};

const ROW_SELECT = {
  id: true,
  address: true,
  domain: true,
  state: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastError: true,
  lastHost: true,
  leaseUntil: true,
  finishedAt: true,
  message: { select: { id: true, origin: true, mailFrom: true, senderMailboxId: true, forwardMailboxId: true, size: true, createdAt: true } },
} satisfies Prisma.OutboundRecipientSelect;

// Waiting recipients by when they are tried next; finished ones newest first. The id breaks ties
// so that pages neither repeat nor skip rows.
const QUEUED_ORDER: Prisma.OutboundRecipientOrderByWithRelationInput[] = [{ nextAttemptAt: "asc" }, { id: "asc" }];
const FINISHED_ORDER: Prisma.OutboundRecipientOrderByWithRelationInput[] = [{ finishedAt: "desc" }, { id: "desc" }];

/**
 * The outbound queue's recipients with their message's envelope, for provider staff: one state or
 * all (waiting ones first), optionally one destination domain, a page at a time. Staff only.
 */
export async function listQueue(db: Db, input: { actor: Actor; now?: Date } & z.input<typeof ListQueueInput>): Promise<QueueListing> {
  assertAllowed(isStaff(input.actor), "The outbound queue is for provider staff.");
  const parsed = ListQueueInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Queue", parsed.error.issues);
  const { state, domain, page, pageSize } = parsed.data;
  const now = input.now ?? new Date();
  const inDomain: Prisma.OutboundRecipientWhereInput = domain ? { domain } : {};

  const grouped = await db.outboundRecipient.groupBy({ by: ["state"], where: inDomain, _count: { _all: true } });
  const counts = Object.fromEntries(OUTBOUND_STATES.map((name) => [name, 0])) as Record<OutboundStateName, number>;
  for (const group of grouped) counts[group.state] = group._count._all;

  const offset = (page - 1) * pageSize;
  const find = (where: Prisma.OutboundRecipientWhereInput, orderBy: Prisma.OutboundRecipientOrderByWithRelationInput[], skip: number, take: number) =>
    take > 0 ? db.outboundRecipient.findMany({ where: { ...inDomain, ...where }, orderBy, skip, take, select: ROW_SELECT }) : Promise.resolve([]);

  let rows;
  if (state === "QUEUED") rows = await find({ state }, QUEUED_ORDER, offset, pageSize);
  else if (state) rows = await find({ state }, FINISHED_ORDER, offset, pageSize);
  else {
    // All states: the waiting recipients, then the finished ones, paged as one list.
    const queued = offset < counts.QUEUED ? await find({ state: "QUEUED" }, QUEUED_ORDER, offset, pageSize) : [];
    const finished = await find({ state: { not: "QUEUED" } }, FINISHED_ORDER, Math.max(0, offset - counts.QUEUED), pageSize - queued.length);
    rows = [...queued, ...finished];
  }

  const addresses = await findMailboxAddresses(db, rows.flatMap((row) => [row.message.senderMailboxId, row.message.forwardMailboxId]));
  return {
    rows: rows.map(({ leaseUntil, message: { senderMailboxId, forwardMailboxId, ...message }, ...row }) => ({
      ...row,
      isBeingDelivered: row.state === "QUEUED" && leaseUntil !== null && leaseUntil >= now,
      message: {
        ...message,
        senderAddress: senderMailboxId ? (addresses.get(senderMailboxId) ?? null) : null,
        forwardingAddress: forwardMailboxId ? (addresses.get(forwardMailboxId) ?? null) : null,
      },
    })),
    counts,
    total: state ? counts[state] : Object.values(counts).reduce((sum, count) => sum + count, 0),
    page,
    pageSize,
  };
}

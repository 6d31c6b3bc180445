import { z } from "zod";
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/postgres/client.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, isStaff } from "../auth/permissions.ts";
import { invalidInput } from "../errors.ts";
import { findMailboxAddresses } from "../directory/find-mailbox-addresses.ts";

export const SummarizeComplaintsInput = z.object({
  days: z.number().int().min(1).max(366),
  sampleCount: z.number().int().min(0).max(200).default(20),
});

/** How much of each complained-about message the view shows. */
export const COMPLAINT_SAMPLE_BYTES = 2048;

/**
 * Feedback reports that are not complaints: "not-spam" says the opposite (RFC 6650 §4), and
 * "auth-failure" is a receiver's authentication report, not a person's (RFC 6591).
 */
const NOT_COMPLAINTS = ["not-spam", "auth-failure"];

export type ComplaintSummary = {
  since: Date;
  until: Date;
  total: number;
  /**
   * Per sending mailbox (submission, webmail). `rate` is its complaints over the remote recipients
   * it had delivered in the period; null when it had none delivered then (the complaints are about
   * older mail).
   */
  bySendingMailbox: { mailboxId: string; address: string | null; complaints: number; delivered: number; rate: number | null }[];
  /** Per mailbox whose forward made the complained-about copy. */
  byForwardingMailbox: { mailboxId: string; address: string | null; complaints: number }[];
  /** Per destination domain ("" when the report did not say and no queued copy matched). */
  byDestinationDomain: { destinationDomain: string; complaints: number }[];
  /** The newest complaints, each with the first COMPLAINT_SAMPLE_BYTES of the reported message as text. */
  samples: { id: string; receivedAt: Date; feedbackType: string; reporter: string; destinationDomain: string; sample: string; isSampleCut: boolean }[];
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Complaints from feedback loops (lib/queue/record-feedback-report.ts) over the last `days` days:
 * counts per sending mailbox with its complaint rate, per forwarding mailbox and per destination
 * domain, and the newest samples. Staff only.
 */
export async function summarizeComplaints(db: Db, input: { actor: Actor; now?: Date } & z.input<typeof SummarizeComplaintsInput>): Promise<ComplaintSummary> {
  assertAllowed(isStaff(input.actor), "Complaint statistics are for provider staff.");
  const parsed = SummarizeComplaintsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Complaints", parsed.error.issues);
  const until = input.now ?? new Date();
  const since = new Date(until.getTime() - parsed.data.days * DAY_MS);
  const inPeriod: Prisma.FeedbackReportWhereInput = { receivedAt: { gte: since, lte: until }, feedbackType: { notIn: NOT_COMPLAINTS } };

  const [total, bySender, byForwarder, byDestination, samples] = await Promise.all([
    db.feedbackReport.count({ where: inPeriod }),
    db.feedbackReport.groupBy({ by: ["sendingMailboxId"], where: { ...inPeriod, sendingMailboxId: { not: null } }, _count: { _all: true } }),
    db.feedbackReport.groupBy({ by: ["forwardMailboxId"], where: { ...inPeriod, forwardMailboxId: { not: null } }, _count: { _all: true } }),
    db.feedbackReport.groupBy({ by: ["destinationDomain"], where: inPeriod, _count: { _all: true } }),
    db.feedbackReport.findMany({
      where: inPeriod,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: parsed.data.sampleCount,
      select: { id: true, receivedAt: true, feedbackType: true, reporter: true, destinationDomain: true, sample: true },
    }),
  ]);

  // The rate's denominator: only mailboxes with complaints need one, so a count each.
  const senders = await Promise.all(
    bySender.map(async (group) => {
      const mailboxId = group.sendingMailboxId!;
      const delivered = await db.outboundRecipient.count({ where: { state: "DELIVERED", finishedAt: { gte: since, lte: until }, message: { senderMailboxId: mailboxId } } });
      return { mailboxId, complaints: group._count._all, delivered };
    }),
  );
  const addresses = await findMailboxAddresses(db, [...bySender.map((g) => g.sendingMailboxId), ...byForwarder.map((g) => g.forwardMailboxId)]);

  return {
    since,
    until,
    total,
    bySendingMailbox: senders
      .map((sender) => ({ ...sender, address: addresses.get(sender.mailboxId) ?? null, rate: sender.delivered > 0 ? sender.complaints / sender.delivered : null }))
      .sort((a, b) => b.complaints - a.complaints || a.mailboxId.localeCompare(b.mailboxId)),
    byForwardingMailbox: byForwarder
      .map((group) => ({ mailboxId: group.forwardMailboxId!, address: addresses.get(group.forwardMailboxId!) ?? null, complaints: group._count._all }))
      .sort((a, b) => b.complaints - a.complaints || a.mailboxId.localeCompare(b.mailboxId)),
    byDestinationDomain: byDestination
      .map((group) => ({ destinationDomain: group.destinationDomain, complaints: group._count._all }))
      .sort((a, b) => b.complaints - a.complaints || a.destinationDomain.localeCompare(b.destinationDomain)),
    samples: samples.map(({ sample, ...report }) => ({ ...report, ...firstBytesOf(sample, COMPLAINT_SAMPLE_BYTES) })),
  };
}

/** The text's first `limit` bytes of UTF-8, cut before a character rather than inside one. */
function firstBytesOf(text: string, limit: number): { sample: string; isSampleCut: boolean } {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return { sample: text, isSampleCut: false };
  let end = limit;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // 10xxxxxx: inside a character
  return { sample: bytes.subarray(0, end).toString("utf8"), isSampleCut: true };
}

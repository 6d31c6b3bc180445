import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, isStaff } from "../auth/permissions.ts";
import { invalidInput } from "../errors.ts";

export const SummarizeForwardDiscardsInput = z.object({ days: z.number().int().min(1).max(366) });

export type ForwardDiscardSummary = {
  /** The period, as UTC days (YYYY-MM-DD), both included: the last `days` days up to today. */
  firstDay: string;
  lastDay: string;
  destinations: { destinationDomain: string; count: number; lastDiscardDay: string }[];
  total: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Forwarded copies not sent because their spam score reached their destination's threshold, per
 * destination domain over the last `days` UTC days (today included), most discards first, with the
 * total. Staff only.
 */
export async function summarizeForwardDiscards(db: Db, input: { actor: Actor; now?: Date } & z.input<typeof SummarizeForwardDiscardsInput>): Promise<ForwardDiscardSummary> {
  assertAllowed(isStaff(input.actor), "Forwarding statistics are for provider staff.");
  const parsed = SummarizeForwardDiscardsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Forward discards", parsed.error.issues);
  const now = input.now ?? new Date();
  // The days as lib/delivery/forward-copies.ts writes them; such strings sort as the days do.
  const lastDay = now.toISOString().slice(0, 10);
  const firstDay = new Date(now.getTime() - (parsed.data.days - 1) * DAY_MS).toISOString().slice(0, 10);
  const groups = await db.forwardDiscardDay.groupBy({
    by: ["destinationDomain"],
    where: { day: { gte: firstDay, lte: lastDay } },
    _sum: { count: true },
    _max: { day: true },
  });
  const destinations = groups
    .map((group) => ({ destinationDomain: group.destinationDomain, count: group._sum.count ?? 0, lastDiscardDay: group._max.day ?? lastDay }))
    .sort((a, b) => b.count - a.count || a.destinationDomain.localeCompare(b.destinationDomain));
  return { firstDay, lastDay, destinations, total: destinations.reduce((sum, destination) => sum + destination.count, 0) };
}

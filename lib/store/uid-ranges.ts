/** Inclusive UID ranges, as IMAP sequence sets become once "*" is resolved: [[1, 5], [9, 9]]. */
export type UidRanges = readonly (readonly [number, number])[];

/** The Prisma filter for UIDs in the ranges (an empty list matches nothing). */
export function uidFilter(ranges: UidRanges) {
  if (ranges.length === 0) return { uid: { in: [] as number[] } };
  return { OR: ranges.map(([a, b]) => ({ uid: { gte: Math.min(a, b), lte: Math.max(a, b) } })) };
}

import { z } from "zod";

/** The periods the staff statistics offer, in days. */
export const PERIOD_CHOICES = [1, 7, 30, 90] as const;

/** `?days=N` of a statistics page; anything else falls back to the page's default period. */
export function periodSearchParams(defaultDays: (typeof PERIOD_CHOICES)[number]) {
  return z.object({
    days: z
      .preprocess((value) => (Array.isArray(value) ? value[0] : value), z.coerce.number().int().default(defaultDays))
      .pipe(z.union(PERIOD_CHOICES.map((days) => z.literal(days))))
      .catch(defaultDays),
  });
}

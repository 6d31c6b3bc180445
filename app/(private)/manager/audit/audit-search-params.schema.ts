import { z } from "zod";

/** A repeated parameter counts once; an empty field is no filter. */
const field = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() === "" ? undefined : first;
};
const text = (max: number) => z.preprocess(field, z.string().trim().max(max).optional()).catch(undefined);
const day = z.preprocess(field, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional()).catch(undefined);

/** The audit page's filters from its URL; anything malformed is dropped rather than failing the page. */
export const AuditSearchParams = z.object({
  account: text(64),
  actor: text(254),
  action: text(100),
  target: text(64),
  /** UTC days, both inclusive. */
  from: day,
  to: day,
  page: z.preprocess(field, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});
export type AuditSearchParams = z.infer<typeof AuditSearchParams>;

/** The service's date range for the page's inclusive UTC days; an impossible date is no bound. */
export function auditDateRange(params: Pick<AuditSearchParams, "from" | "to">): { from?: Date; until?: Date } {
  const start = (value: string | undefined) => {
    const date = value ? new Date(`${value}T00:00:00Z`) : undefined;
    // Date rolls 2026-02-31 over to March 3rd; a day that does not come back as written is no day.
    return date && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : undefined;
  };
  const to = start(params.to);
  return { from: start(params.from), until: to && new Date(to.getTime() + 86_400_000) };
}

import { z } from "zod";

export const REJECT_STAGES = ["CONNECT", "HELO", "MAIL", "RCPT", "DATA"] as const;
export const REJECT_SORTS = ["time-desc", "time-asc", "sender", "recipient", "score-desc"] as const;
/** The widest date range a report covers: the retention, and a bound on what one query reads. */
export const MAX_RANGE_DAYS = 92;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((value) => (value ? value : undefined));

/**
 * A report's filters as they come from the page's query string (and the CSV link, which repeats
 * it): anything malformed falls back to its default rather than failing the page.
 */
export const RejectFilterParams = z.object({
  /** First and last UTC day, inclusive. Default: the last 7 days. */
  from: z.string().regex(DAY).optional().catch(undefined),
  to: z.string().regex(DAY).optional().catch(undefined),
  recipient: optionalText(320),
  sender: optionalText(320),
  /** The sender's domain. */
  domain: optionalText(253),
  reason: optionalText(64),
  stage: z.enum(REJECT_STAGES).optional().catch(undefined),
  ip: optionalText(64),
  q: optionalText(200),
  catchAll: z.enum(["1"]).optional().catch(undefined),
  sort: z.enum(REJECT_SORTS).default("time-desc").catch("time-desc"),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
  view: z.enum(["mine", "account", "all"]).optional().catch(undefined),
  account: optionalText(100),
});
export type RejectFilterParams = z.output<typeof RejectFilterParams>;

export type RejectFilters = Omit<RejectFilterParams, "from" | "to" | "catchAll" | "page" | "view" | "account"> & {
  fromDay: string;
  toDay: string;
  /** Start of `fromDay` and end of `toDay` (exclusive), UTC. */
  since: Date;
  until: Date;
  includeCatchAll: boolean;
};

/** Parsed filters with the date range settled: defaults, order, and at most MAX_RANGE_DAYS. */
export function settleFilters(params: RejectFilterParams, now = new Date()): RejectFilters {
  const today = now.toISOString().slice(0, 10);
  let toDay = params.to ?? today;
  let fromDay = params.from ?? addDays(toDay, -6);
  if (fromDay > toDay) [fromDay, toDay] = [toDay, fromDay];
  if (addDays(fromDay, MAX_RANGE_DAYS - 1) < toDay) fromDay = addDays(toDay, -(MAX_RANGE_DAYS - 1));
  const { from: _from, to: _to, catchAll, page: _page, view: _view, account: _account, ...rest } = params;
  return { ...rest, fromDay, toDay, since: new Date(`${fromDay}T00:00:00Z`), until: new Date(`${addDays(toDay, 1)}T00:00:00Z`), includeCatchAll: catchAll === "1" };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every UTC day from `fromDay` to `toDay` inclusive. */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length <= MAX_RANGE_DAYS * 2; day = addDays(day, 1)) days.push(day);
  return days;
}

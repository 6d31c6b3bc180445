import type { RejectFilterParams } from "@/lib/reports/reject-filters";

/** A report's query string: the parameters that differ from their defaults, so links stay short. */
export function reportQuery(params: Partial<Record<keyof RejectFilterParams, string | number | undefined>>): string {
  const kept = Object.entries(params).filter(([key, value]) => value !== undefined && value !== "" && !(key === "page" && String(value) === "1") && !(key === "sort" && value === "time-desc"));
  return new URLSearchParams(kept.map(([key, value]) => [key, String(value)])).toString();
}

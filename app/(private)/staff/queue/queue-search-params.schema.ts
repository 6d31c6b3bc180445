import { z } from "zod";
import { OUTBOUND_STATES } from "@/lib/queue/list-queue";

/** A repeated parameter counts once. */
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The queue page's filters from its URL; anything malformed falls back to its default rather than failing the page. */
export const QueueSearchParams = z.object({
  state: z.preprocess(first, z.enum(OUTBOUND_STATES).optional()).catch(undefined),
  domain: z.preprocess(first, z.string().trim().toLowerCase().max(253).optional()).catch(undefined),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});

import { z } from "zod";

/** A repeated parameter counts once. */
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The account list's search and page from its URL; anything malformed falls back to its default. */
export const AccountsSearchParams = z.object({
  q: z.preprocess(first, z.string().trim().max(253).default("")).catch(""),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});

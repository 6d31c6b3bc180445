import { z } from "zod";

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** `?book=&q=&page=&edit=` of the Address books page; a bad value falls back to the default. */
export const AddressBooksSearchParams = z.object({
  book: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
  q: z.preprocess(first, z.string().max(200).default("")).catch(""),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
  /** A contact id to edit, or "new". */
  edit: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
});

import { z } from "zod";
import { MAILBOX_SORTS } from "@/lib/directory/list-mailboxes";

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** `?account=&q=&sort=&dir=&page=` of the Mailboxes page; a bad value falls back to the default. */
export const MailboxesSearchParams = z.object({
  account: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
  q: z.preprocess(first, z.string().max(254).default("")).catch(""),
  sort: z.preprocess(first, z.enum(MAILBOX_SORTS).default("address")).catch("address"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).default("asc")).catch("asc"),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});

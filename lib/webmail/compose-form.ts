import { z } from "zod";
import { tryParseAddress } from "../directory/address.ts";

const MessageIdHeader = z.string().trim().regex(/^<[^<>\s]+>$/, "must be a Message-ID in angle brackets").max(998);

export const FormAddress = z.object({
  name: z.string().trim().max(200).default(""),
  address: z.string().trim().max(254).refine((value) => tryParseAddress(value) !== undefined, "is not a valid email address"),
});
export type FormAddress = z.infer<typeof FormAddress>;

/**
 * The compose form as the browser sends it, to /api/mail/send and /api/mail/drafts alike. Files
 * are named by upload id (POST /api/mail/uploads first); `draftId` is the Drafts message this
 * form was saved as last, which the next save or the send replaces.
 */
export const ComposeForm = z.object({
  from: z.string().trim().max(254),
  to: z.array(FormAddress).max(100).default([]),
  cc: z.array(FormAddress).max(100).default([]),
  bcc: z.array(FormAddress).max(100).default([]),
  subject: z.string().max(998).default(""),
  text: z.string().max(5_000_000).default(""),
  /** The editor's HTML; null in plain-text mode. Sanitised on the server. */
  html: z.string().max(10_000_000).nullable().default(null),
  attachmentIds: z.array(z.string().regex(/^[0-9a-f]{32}$/, "is not an upload id")).max(100).default([]),
  inReplyTo: MessageIdHeader.nullable().default(null),
  references: z.array(MessageIdHeader).max(100).default([]),
  draftId: z.string().min(1).max(100).nullable().default(null),
});
export type ComposeForm = z.infer<typeof ComposeForm>;

import { AppError } from "../errors.ts";
import { ingestMessage, type IngestInput, type IngestResult } from "../store/ingest-message.ts";
import type { ParsedMessage } from "../mime/message-index.ts";
import type { FolderRef } from "../store/find-folder.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import type { DeliveryTarget } from "./resolve-recipient.ts";

export type DeliveryCopy = DeliveryTarget & { isJunk: boolean };
export type DeliveryOutcome = {
  delivered: (IngestResult & { mailboxId: string })[];
  /** Copies refused because the mailbox is full (QUOTA_EXCEEDED). */
  full: DeliveryCopy[];
  /** Copies that failed otherwise (storage trouble): the sender must be told to try again. */
  failed: { copy: DeliveryCopy; error: unknown }[];
};

/**
 * Stores one copy of a received message per mailbox, all at once, through the store's one write
 * path: spam into Junk, a plus-address into its folder, otherwise (and when that folder does not
 * exist) INBOX. A mailbox reached twice (an alias and its member both addressed) gets one copy.
 * `parsed`: the MIME index of `raw`, when the caller has it (it is then not parsed again).
 */
export async function deliverMessage(store: StoreDeps, raw: Buffer, copies: DeliveryCopy[], parsed?: ParsedMessage): Promise<DeliveryOutcome> {
  const unique = [...new Map(copies.map((copy) => [copy.mailboxId, copy])).values()];
  const outcome: DeliveryOutcome = { delivered: [], full: [], failed: [] };
  await Promise.all(
    unique.map(async (copy) => {
      try {
        const result = await ingestWithFallback(store, { raw, parsed, mailboxId: copy.mailboxId, source: "smtp" }, copy.isJunk ? { specialUse: "JUNK" } : copy.folder);
        outcome.delivered.push({ ...result, mailboxId: copy.mailboxId });
      } catch (error) {
        if (error instanceof AppError && error.code === "QUOTA_EXCEEDED") outcome.full.push(copy);
        else outcome.failed.push({ copy, error });
      }
    }),
  );
  return outcome;
}

async function ingestWithFallback(store: StoreDeps, input: Omit<IngestInput, "folder">, folder: FolderRef): Promise<IngestResult> {
  try {
    return await ingestMessage(store, { ...input, folder });
  } catch (error) {
    const isMissingFolder = error instanceof AppError && error.code === "NOT_FOUND" && folder !== "INBOX";
    if (!isMissingFolder) throw error;
    return ingestMessage(store, { ...input, folder: "INBOX" });
  }
}

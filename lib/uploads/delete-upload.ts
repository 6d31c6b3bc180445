import { rm } from "node:fs/promises";
import { uploadPaths } from "./upload-files.ts";

/** Removes one of the mailbox's uploads (the user took the attachment off, or the message was sent); gone already is fine. */
export async function deleteUpload(uploadsDir: string, input: { mailboxId: string; id: string }): Promise<void> {
  const paths = uploadPaths(uploadsDir, input.mailboxId, input.id);
  await rm(paths.info, { force: true });
  await rm(paths.bytes, { force: true });
}

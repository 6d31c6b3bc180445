import { readFile } from "node:fs/promises";
import { AppError } from "../errors.ts";
import { UploadInfo, uploadPaths } from "./upload-files.ts";

export type ReadUpload = { id: string; info: UploadInfo; bytes: Buffer };

/** One of the mailbox's uploads, bytes and sidecar; NOT_FOUND when it is not this mailbox's (or is gone). */
export async function readUpload(uploadsDir: string, input: { mailboxId: string; id: string }): Promise<ReadUpload> {
  const paths = uploadPaths(uploadsDir, input.mailboxId, input.id);
  try {
    const info = UploadInfo.parse(JSON.parse(await readFile(paths.info, "utf8")));
    return { id: input.id, info, bytes: await readFile(paths.bytes) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("NOT_FOUND", "That attachment is no longer there: attach the file again.");
    throw error;
  }
}

import path from "node:path";
import { z } from "zod";
import { AppError } from "../errors.ts";

/** The largest file one upload takes (a typical provider's attachment limit). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** Uploads nobody sent or saved in a draft by then are removed (lib/uploads/sweep-old-uploads.ts). */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The sidecar beside each upload's bytes: what the browser said the file is. */
export const UploadInfo = z.object({ name: z.string().min(1).max(255), type: z.string().min(1).max(255), size: z.number().int().min(0) });
export type UploadInfo = z.infer<typeof UploadInfo>;

/** 32 hex digits: never a path of its own, so an id cannot reach outside its mailbox's folder. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** `<DATA_DIR>/uploads` of an install. */
export function uploadsDirFor(dataDir: string): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), dataDir, "uploads");
}

/** The folder of a mailbox's uploads: `<DATA_DIR>/uploads/<mailboxId>`. */
export function uploadFolder(uploadsDir: string, mailboxId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(mailboxId)) throw new AppError("INVALID_INPUT", "Not a mailbox id.");
  return path.join(uploadsDir, mailboxId);
}

/** Where an upload's bytes and sidecar are; NOT_FOUND for something that is not an upload id. */
export function uploadPaths(uploadsDir: string, mailboxId: string, id: string): { bytes: string; info: string } {
  if (!UPLOAD_ID.test(id)) throw new AppError("NOT_FOUND", "No such upload.");
  const bytes = path.join(uploadFolder(uploadsDir, mailboxId), id);
  return { bytes, info: `${bytes}.json` };
}

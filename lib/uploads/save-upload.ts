import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { AppError } from "../errors.ts";
import { MAX_UPLOAD_BYTES, UploadInfo, uploadFolder, uploadPaths } from "./upload-files.ts";

export type SavedUpload = { id: string } & UploadInfo;

/**
 * Keeps a file the user attached until the message or draft that uses it is saved: its bytes
 * under a random id in the mailbox's own folder, and a JSON sidecar with its name and type. Only
 * the mailbox's requests find it again (the folder is chosen by the signed-in mailbox, never by
 * the client). TOO_LARGE beyond `maxBytes`.
 */
export async function saveUpload(uploadsDir: string, input: { mailboxId: string; name: string; type: string; bytes: Buffer; maxBytes?: number }): Promise<SavedUpload> {
  const maxBytes = input.maxBytes ?? MAX_UPLOAD_BYTES;
  if (input.bytes.length > maxBytes) throw new AppError("TOO_LARGE", `The file is larger than the limit of ${formatMiB(maxBytes)}.`, { limit: maxBytes });
  const info = UploadInfo.parse({ name: cleanName(input.name), type: input.type.trim().toLowerCase() || "application/octet-stream", size: input.bytes.length });
  const id = randomBytes(16).toString("hex");
  await mkdir(uploadFolder(uploadsDir, input.mailboxId), { recursive: true });
  const paths = uploadPaths(uploadsDir, input.mailboxId, id);
  await writeFile(paths.bytes, input.bytes);
  // The sidecar last: an upload without one is incomplete and not found.
  await writeFile(paths.info, JSON.stringify(info));
  return { id, ...info };
}

export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/** A file name as a name only: no folders, no control characters, not empty. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return cleaned || "attachment";
}

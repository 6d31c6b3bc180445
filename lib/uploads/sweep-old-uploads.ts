import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { UPLOAD_LIFETIME_MS } from "./upload-files.ts";

/**
 * Removes uploads older than a day in every mailbox's folder: attachments of forms that were
 * closed without sending or saving. Called by the send and draft code as it runs, so no scheduled
 * job is needed; a file that vanishes meanwhile (another request sweeping) is fine.
 */
export async function sweepOldUploads(uploadsDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const folders = await readdir(uploadsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  for (const folder of folders) {
    const dir = path.join(uploadsDir, folder);
    // A folder another request is sweeping at the same moment may be gone: nothing left to do there.
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (!info || now - info.mtimeMs < UPLOAD_LIFETIME_MS) continue;
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

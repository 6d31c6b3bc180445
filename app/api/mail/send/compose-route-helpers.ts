// What the compose API's route handlers need besides app/api/mail/mail-api.ts: where uploads live,
// and the store and settings a send uses.
import { webStore } from "@/app/web-store";
import { loadConfig } from "@/lib/env";
import { forwardingOptions } from "@/lib/queue/forwarding-options";
import { uploadsDirFor } from "@/lib/uploads/upload-files";
import type { WebmailSendDeps } from "@/lib/queue/send-webmail-message";

/** `<DATA_DIR>/uploads` of this install. */
export function uploadsDir(): string {
  return uploadsDirFor(loadConfig().dataDir);
}

export async function sendDeps(): Promise<WebmailSendDeps> {
  const config = loadConfig();
  const store = await webStore();
  return { db: store.db, store, forwarding: forwardingOptions(config), uploadsDir: uploadsDir(), maxRecipientsPerHour: config.submission.maxRecipientsPerHour };
}

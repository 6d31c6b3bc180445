import type { Db } from "../db.ts";
import type { BlobStore } from "../blobs/blob-store.ts";

/** What store operations need; each process builds it once (main.ts, the web app, a test). */
export type StoreDeps = {
  db: Db;
  blobs: BlobStore;
  /** Largest message accepted, in bytes. */
  maxMessageBytes: number;
};

export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

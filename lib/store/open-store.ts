import path from "node:path";
import type { Config } from "../env.ts";
import { getDb } from "../db.ts";
import { createFsBlobStore } from "../blobs/fs-blob-store.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "./store-deps.ts";

/** The store as a running process uses it: the process's database client, blobs under DATA_DIR/blobs. */
export async function openStore(config: Config): Promise<StoreDeps> {
  return { db: await getDb(), blobs: createFsBlobStore(path.join(config.dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
}

import type { StoreDeps } from "./store-deps.ts";

/** How long an unreferenced blob is kept: covers undo of a delete, and every ingest in flight. */
export const DEFAULT_BLOB_GRACE_MS = 24 * 60 * 60 * 1000;

export type BlobCollection = { blobsDeleted: number; bytesFreed: number; orphansDeleted: number };

/**
 * Deletes the bytes no message refers to any more, once they have been unreferenced for the grace
 * period: first blobs whose reference count fell to zero, then files with no row at all (an ingest
 * that failed after writing its bytes: full mailbox, folder deleted meanwhile). Safe to run while
 * mail arrives, in any process: a row goes only if still unreferenced (a conditional DELETE),
 * and its file only if no put() of the same bytes touched it meanwhile (BlobStore.removeIfIdle);
 * an ingest racing the collector re-creates the row with its upsert.
 */
export async function collectBlobs(deps: StoreDeps, options: { graceMs?: number; now?: Date } = {}): Promise<BlobCollection> {
  const { db, blobs } = deps;
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? DEFAULT_BLOB_GRACE_MS));
  const result: BlobCollection = { blobsDeleted: 0, bytesFreed: 0, orphansDeleted: 0 };

  for (;;) {
    const idle = await db.blob.findMany({
      where: { refCount: { lte: 0 }, OR: [{ releasedAt: { lt: cutoff } }, { releasedAt: null, createdAt: { lt: cutoff } }] },
      select: { hash: true, size: true },
      take: 500,
    });
    if (idle.length === 0) break;
    for (const blob of idle) {
      const deleted = await db.$executeRaw`DELETE FROM "Blob" WHERE "hash" = ${blob.hash} AND "refCount" <= 0`;
      if (deleted !== 1) continue; // referenced again since the query above
      await blobs.removeIfIdle(blob.hash, cutoff);
      result.blobsDeleted += 1;
      result.bytesFreed += blob.size;
    }
  }

  for await (const hash of blobs.listIdle(cutoff)) {
    if (await db.blob.findUnique({ where: { hash }, select: { hash: true } })) continue;
    if (await blobs.removeIfIdle(hash, cutoff)) result.orphansDeleted += 1;
  }
  return result;
}

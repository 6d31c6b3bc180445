import type { DbClient } from "../audit/record-audit-event.ts";

// Blob rows count the messages that refer to them. Rows and files are never deleted here: a
// concurrent ingest of the same bytes may be about to reuse them. Blobs left at zero references
// are deleted by the collector (collect-blobs.ts) once a grace period has passed since releasedAt.

/** Adds one reference per listed hash (a hash listed twice gains two). */
export function retainBlobs(tx: DbClient, hashes: string[]): Promise<void> {
  return adjustReferences(tx, hashes, +1);
}

/** Drops one reference per listed hash. */
export function releaseBlobs(tx: DbClient, hashes: string[]): Promise<void> {
  return adjustReferences(tx, hashes, -1);
}

async function adjustReferences(tx: DbClient, hashes: string[], sign: 1 | -1): Promise<void> {
  const counts = new Map<string, number>();
  for (const hash of hashes) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  for (const [hash, count] of counts) {
    await tx.blob.update({ where: { hash }, data: { refCount: { increment: sign * count }, ...(sign < 0 ? { releasedAt: new Date() } : {}) } });
  }
}

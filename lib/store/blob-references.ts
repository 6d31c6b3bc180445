import type { Sql } from "../sql.ts";

// Blob rows count the messages that refer to them. Rows and files are never deleted here: a
// concurrent ingest of the same bytes may be about to reuse them. Blobs left at zero references
// are deleted by the collector (collect-blobs.ts) once a grace period has passed since releasedAt.

/** Adds one reference per listed hash (a hash listed twice gains two). */
export async function retainBlobs(sql: Sql, hashes: string[]): Promise<void> {
  for (const [hash, count] of countHashes(hashes)) await sql.execute(`UPDATE "Blob" SET "refCount" = "refCount" + ? WHERE "hash" = ?`, [count, hash]);
}

/** Drops one reference per listed hash. */
export async function releaseBlobs(sql: Sql, hashes: string[]): Promise<void> {
  const now = new Date();
  for (const [hash, count] of countHashes(hashes)) await sql.execute(`UPDATE "Blob" SET "refCount" = "refCount" - ?, "releasedAt" = ? WHERE "hash" = ?`, [count, now, hash]);
}

function countHashes(hashes: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hash of hashes) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  return counts;
}

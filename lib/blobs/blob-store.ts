/** Raw message bytes by SHA-256. The filesystem store is the default; an object store can follow the same contract. */
export type BlobStore = {
  /**
   * Stores the bytes under their hash; durable (on disk, synced) when the promise resolves.
   * Idempotent: when the blob exists it is marked as just used, so a collector running at the
   * same moment keeps it (see removeIfIdle).
   */
  put(hash: string, bytes: Buffer): Promise<void>;
  /** The whole blob. */
  get(hash: string): Promise<Buffer>;
  /** Bytes [start, end) of a blob, without reading the rest. */
  getRange(hash: string, start: number, end: number): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  /**
   * Deletes the blob unless it was written or put() since `idleSince`; true when it was deleted.
   * Safe against a concurrent put() of the same bytes: one of them always leaves the blob in place.
   */
  removeIfIdle(hash: string, idleSince: Date): Promise<boolean>;
  /** Hashes of blobs not written or put() since `idleSince` (and clears crash leftovers that old). */
  listIdle(idleSince: Date): AsyncIterable<string>;
};

/** Raw message bytes by SHA-256. The filesystem store is the default; an object store can follow the same contract. */
export type BlobStore = {
  /** Stores the bytes under their hash; durable (on disk, synced) when the promise resolves. Idempotent. */
  put(hash: string, bytes: Buffer): Promise<void>;
  /** The whole blob. */
  get(hash: string): Promise<Buffer>;
  /** Bytes [start, end) of a blob, without reading the rest. */
  getRange(hash: string, start: number, end: number): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  delete(hash: string): Promise<void>;
};

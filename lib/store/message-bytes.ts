import type { BlobStore } from "../blobs/blob-store.ts";
import type { StoreDeps } from "./store-deps.ts";

/**
 * Messages up to this size keep their raw bytes in their Blob row (`content`), written in the same
 * transaction as the message: no file, and no fsync of their own (a file costs two, for itself and
 * its directory, which on a busy MX cost more than the rest of the delivery). Most mail is this
 * small; attachments make the rest, and those are files in the blob store (lib/blobs), which keeps
 * the database a fraction of the mail's size. Stalwart keeps all blobs in its database; Dovecot's
 * mdbox packs many messages into one file: both for the same reason.
 */
export const INLINE_BLOB_MAX_BYTES = 32 * 1024;

/** The bytes to store in the Blob row, or null when the message goes to the blob store as a file. */
export function inlineContentFor(raw: Buffer): Buffer | null {
  return raw.length <= INLINE_BLOB_MAX_BYTES ? raw : null;
}

/** A message's bytes as its row finds them: `content` from the Blob row (null: a file). */
export type StoredBlob = { hash: string; content: Uint8Array | null };

/** Bytes [start, end) of a message, from its Blob row when they are there, else from its file. */
export async function readBlobRange(blobs: BlobStore, blob: StoredBlob, start: number, end: number): Promise<Buffer> {
  if (blob.content) return toBuffer(blob.content).subarray(start, Math.max(start, end));
  return blobs.getRange(blob.hash, start, end);
}

/** All of a message's bytes by hash (one lookup of its Blob row first). */
export async function readBlob(deps: StoreDeps, hash: string): Promise<Buffer> {
  const row = await deps.db.blob.findUnique({ where: { hash }, select: { content: true } });
  if (row?.content) return toBuffer(row.content);
  return deps.blobs.get(hash);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

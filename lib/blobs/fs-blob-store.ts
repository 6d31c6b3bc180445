import { constants } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors.ts";
import type { BlobStore } from "./blob-store.ts";
import { createDurableWriter } from "./durable-writer.ts";

const HASH = /^[0-9a-f]{64}$/;

/**
 * Blobs as files: <dir>/ab/cd/<hash>. A put writes a temporary file, fsyncs it, renames it into
 * place and fsyncs the directory (lib/blobs/durable-writer.ts), so a blob that put() acknowledged
 * survives a crash or power cut, and a crash mid-write never leaves a partial file under a real hash.
 */
export function createFsBlobStore(directory: string): BlobStore {
  const dir = path.resolve(directory);
  const writer = createDurableWriter();
  const pathOf = (hash: string) => {
    if (!HASH.test(hash)) throw new AppError("INVALID_INPUT", "Not a SHA-256 blob hash.");
    return path.join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);
  };

  return {
    async put(hash, bytes) {
      await writer.write(pathOf(hash), bytes);
    },

    async get(hash) {
      const file = await openBlob(pathOf(hash), hash);
      try {
        return await file.readFile();
      } finally {
        await file.close();
      }
    },

    async getRange(hash, start, end) {
      const length = Math.max(0, end - start);
      const buffer = Buffer.alloc(length);
      if (length === 0) return buffer;
      const file = await openBlob(pathOf(hash), hash);
      try {
        const { bytesRead } = await file.read(buffer, 0, length, start);
        return buffer.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    },

    async has(hash) {
      return exists(pathOf(hash));
    },

    async delete(hash) {
      await rm(pathOf(hash), { force: true });
    },
  };
}

async function openBlob(file: string, hash: string) {
  try {
    return await open(file, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("NOT_FOUND", `Message data ${hash.slice(0, 12)}… is missing.`);
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

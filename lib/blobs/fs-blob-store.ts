import { constants } from "node:fs";
import { randomBytes } from "node:crypto";
import { open, readdir, rename, stat, unlink } from "node:fs/promises";
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

    async removeIfIdle(hash, idleSince) {
      // Renamed aside first: a put() that comes after the rename finds no file and writes it anew;
      // one that came before it touched the file, and the check below puts the file back.
      const final = pathOf(hash);
      const aside = `${final}.trash-${randomBytes(6).toString("hex")}`;
      try {
        await rename(final, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
      if ((await stat(aside)).mtimeMs >= idleSince.getTime()) {
        await rename(aside, final);
        return false;
      }
      await unlink(aside);
      return true;
    },

    async *listIdle(idleSince) {
      for (const first of await subdirectories(dir)) {
        for (const second of await subdirectories(path.join(dir, first))) {
          const folder = path.join(dir, first, second);
          for (const name of await readdir(folder)) {
            const file = path.join(folder, name);
            const info = await stat(file).catch(() => null);
            if (!info || info.mtimeMs >= idleSince.getTime()) continue;
            if (HASH.test(name)) yield name;
            else if (name.startsWith(".tmp-") || name.includes(".trash-")) await unlink(file).catch(() => undefined); // a crash's leftovers
          }
        }
      }
    },
  };
}

async function subdirectories(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)).map((entry) => entry.name);
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

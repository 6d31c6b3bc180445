import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createFsBlobStore } from "./fs-blob-store.ts";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("filesystem blob store", () => {
  it("stores by hash, reads whole and by range, and is idempotent", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
    const blobs = createFsBlobStore(dir);
    const bytes = Buffer.from("Subject: hi\r\n\r\nhello world\r\n");
    const hash = sha256(bytes);
    expect(await blobs.has(hash)).toBe(false);
    await blobs.put(hash, bytes);
    await blobs.put(hash, bytes);
    expect(await blobs.has(hash)).toBe(true);
    expect(readFileSync(path.join(dir, hash.slice(0, 2), hash.slice(2, 4), hash))).toEqual(bytes);
    expect(await blobs.get(hash)).toEqual(bytes);
    expect((await blobs.getRange(hash, 15, 20)).toString()).toBe("hello");
    expect((await blobs.getRange(hash, 20, 10_000)).toString()).toBe(" world\r\n");
    expect(readdirSync(path.join(dir, hash.slice(0, 2), hash.slice(2, 4)))).toEqual([hash]); // no temporary files left
    expect(await blobs.removeIfIdle(hash, new Date(Date.now() + 60_000))).toBe(true);
    await expect(blobs.get(hash)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await blobs.removeIfIdle(hash, new Date(Date.now() + 60_000))).toBe(false);
  });

  it("refuses names that are not hashes (no path tricks)", async () => {
    const blobs = createFsBlobStore(mkdtempSync(path.join(tmpdir(), "mailwright-blobs-")));
    await expect(blobs.put("../../etc/passwd", Buffer.from("x"))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(blobs.get("ABC")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("reports a write that fails instead of acknowledging it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
    const bytes = Buffer.from("blocked");
    const hash = sha256(bytes);
    writeFileSync(path.join(dir, hash.slice(0, 2)), "a file where the blob's directory should be");
    await expect(createFsBlobStore(dir).put(hash, bytes)).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
  });

  it("writes many blobs at once, each whole", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
    const blobs = createFsBlobStore(dir);
    const all = Array.from({ length: 64 }, (_, i) => Buffer.from(`blob ${i} `.repeat(1000 + i)));
    await Promise.all(all.map((bytes) => blobs.put(sha256(bytes), bytes)));
    for (const bytes of all) expect(await blobs.get(sha256(bytes))).toEqual(bytes);
  });

  it("keeps a blob that a put() touched after the idle cutoff, and lists only idle ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
    const blobs = createFsBlobStore(dir);
    const [old, fresh] = [Buffer.from("old bytes"), Buffer.from("fresh bytes")];
    await blobs.put(sha256(old), old);
    await blobs.put(sha256(fresh), fresh);
    const longAgo = new Date(Date.now() - 3_600_000);
    const file = (bytes: Buffer) => path.join(dir, sha256(bytes).slice(0, 2), sha256(bytes).slice(2, 4), sha256(bytes));
    utimesSync(file(old), longAgo, longAgo);
    utimesSync(file(fresh), longAgo, longAgo);
    const leftover = path.join(path.dirname(file(old)), ".tmp-0123456789abcdef");
    writeFileSync(leftover, "half a blob");
    utimesSync(leftover, longAgo, longAgo);

    await blobs.put(sha256(fresh), fresh); // delivered again: touched, so no longer idle
    const cutoff = new Date(Date.now() - 60_000);
    const idle: string[] = [];
    for await (const hash of blobs.listIdle(cutoff)) idle.push(hash);
    expect(idle).toEqual([sha256(old)]);
    expect(existsSync(leftover)).toBe(false);
    expect(await blobs.removeIfIdle(sha256(fresh), cutoff)).toBe(false);
    expect(await blobs.get(sha256(fresh))).toEqual(fresh);
    expect(await blobs.removeIfIdle(sha256(old), cutoff)).toBe(true);
    expect(await blobs.has(sha256(old))).toBe(false);
  });
});

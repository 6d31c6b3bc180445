import { mkdtempSync } from "node:fs";
import { readdir, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors.ts";
import { saveUpload } from "./save-upload.ts";
import { readUpload } from "./read-upload.ts";
import { deleteUpload } from "./delete-upload.ts";
import { sweepOldUploads } from "./sweep-old-uploads.ts";
import { UPLOAD_LIFETIME_MS } from "./upload-files.ts";

const freshDir = () => mkdtempSync(path.join(tmpdir(), "mailwright-uploads-"));

describe("uploads", () => {
  it("keeps a file under a random id for its mailbox only, with its name, type and size", async () => {
    const dir = freshDir();
    const bytes = randomBytes(5000);
    const saved = await saveUpload(dir, { mailboxId: "alicebox", name: "C:\\Users\\a\\report.pdf", type: "Application/PDF", bytes });
    expect(saved).toMatchObject({ name: "report.pdf", type: "application/pdf", size: 5000 });
    expect(saved.id).toMatch(/^[0-9a-f]{32}$/);
    const read = await readUpload(dir, { mailboxId: "alicebox", id: saved.id });
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(isAppError(await readUpload(dir, { mailboxId: "bobbox", id: saved.id }).catch((e: unknown) => e), "NOT_FOUND")).toBe(true);
    expect(isAppError(await readUpload(dir, { mailboxId: "alicebox", id: "../bobbox/x" }).catch((e: unknown) => e), "NOT_FOUND")).toBe(true);
    await deleteUpload(dir, { mailboxId: "alicebox", id: saved.id });
    expect(isAppError(await readUpload(dir, { mailboxId: "alicebox", id: saved.id }).catch((e: unknown) => e), "NOT_FOUND")).toBe(true);
  });

  it("refuses a file over the limit with TOO_LARGE naming it", async () => {
    const error = await saveUpload(freshDir(), { mailboxId: "m", name: "big", type: "", bytes: Buffer.alloc(2 * 1024 * 1024 + 1), maxBytes: 2 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(isAppError(error, "TOO_LARGE")).toBe(true);
    expect((error as Error).message).toBe("The file is larger than the limit of 2 MiB.");
  });

  it("sweeps uploads older than a day and leaves newer ones", async () => {
    const dir = freshDir();
    const old = await saveUpload(dir, { mailboxId: "m", name: "old", type: "text/plain", bytes: Buffer.from("old") });
    const fresh = await saveUpload(dir, { mailboxId: "m", name: "new", type: "text/plain", bytes: Buffer.from("new") });
    const past = new Date(Date.now() - UPLOAD_LIFETIME_MS - 60_000);
    for (const file of [old.id, `${old.id}.json`]) await utimes(path.join(dir, "m", file), past, past);
    expect(await sweepOldUploads(dir)).toBe(2);
    expect((await readdir(path.join(dir, "m"))).sort()).toEqual([fresh.id, `${fresh.id}.json`].sort());
    expect(await sweepOldUploads(path.join(dir, "missing"))).toBe(0);
  });
});

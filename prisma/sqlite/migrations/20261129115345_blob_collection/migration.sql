-- AlterTable
ALTER TABLE "Blob" ADD COLUMN "releasedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Blob_refCount_releasedAt_idx" ON "Blob"("refCount", "releasedAt");


-- AlterTable
ALTER TABLE "Blob" ADD COLUMN     "releasedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Blob_refCount_releasedAt_idx" ON "Blob"("refCount", "releasedAt");


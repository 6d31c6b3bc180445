-- AlterTable
ALTER TABLE "Blob" ADD COLUMN "content" BLOB;


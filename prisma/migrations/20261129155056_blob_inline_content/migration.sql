-- AlterTable
ALTER TABLE "Blob" ADD COLUMN     "content" BYTEA;


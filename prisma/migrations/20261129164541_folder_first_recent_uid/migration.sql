-- AlterTable
ALTER TABLE "Folder" ADD COLUMN     "firstRecentUid" INTEGER NOT NULL DEFAULT 1;


-- DropIndex
DROP INDEX "Message_searchRowId_idx";

-- CreateIndex
CREATE INDEX "Message_searchRowId_folderId_uid_idx" ON "Message"("searchRowId", "folderId", "uid");


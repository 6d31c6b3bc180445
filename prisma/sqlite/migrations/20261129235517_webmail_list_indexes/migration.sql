-- DropIndex
DROP INDEX "Message_folderId_internalDate_idx";

-- DropIndex
DROP INDEX "Message_folderId_size_idx";

-- DropIndex
DROP INDEX "Message_folderId_baseSubject_idx";

-- DropIndex
DROP INDEX "Message_folderId_fromName_fromAddress_idx";

-- CreateIndex
CREATE INDEX "Message_folderId_internalDate_uid_idx" ON "Message"("folderId", "internalDate", "uid");

-- CreateIndex
CREATE INDEX "Message_folderId_size_uid_idx" ON "Message"("folderId", "size", "uid");

-- CreateIndex
CREATE INDEX "Message_folderId_baseSubject_uid_idx" ON "Message"("folderId", "baseSubject", "uid");

-- CreateIndex
CREATE INDEX "Message_folderId_fromName_fromAddress_uid_idx" ON "Message"("folderId", "fromName", "fromAddress", "uid");

-- CreateIndex
CREATE INDEX "Message_folderId_threadId_uid_idx" ON "Message"("folderId", "threadId", "uid");


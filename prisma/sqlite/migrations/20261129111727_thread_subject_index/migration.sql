-- CreateIndex
CREATE INDEX "Message_mailboxId_baseSubject_internalDate_idx" ON "Message"("mailboxId", "baseSubject", "internalDate");


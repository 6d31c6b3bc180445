-- CreateTable
CREATE TABLE "MailSettings" (
    "mailboxId" TEXT NOT NULL PRIMARY KEY,
    "signature" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "loadRemoteImages" BOOLEAN NOT NULL DEFAULT false,
    "theme" TEXT NOT NULL DEFAULT 'system',
    "vacationEnabled" BOOLEAN NOT NULL DEFAULT false,
    "vacationSubject" TEXT NOT NULL DEFAULT '',
    "vacationBody" TEXT NOT NULL DEFAULT '',
    "vacationStartsAt" DATETIME,
    "vacationEndsAt" DATETIME,
    "vacationIntervalDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailSettings_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RemoteImageSender" (
    "mailboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("mailboxId", "address"),
    CONSTRAINT "RemoteImageSender_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VacationReplySent" (
    "mailboxId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,

    PRIMARY KEY ("mailboxId", "sender"),
    CONSTRAINT "VacationReplySent_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Message_folderId_size_idx" ON "Message"("folderId", "size");

-- CreateIndex
CREATE INDEX "Message_folderId_baseSubject_idx" ON "Message"("folderId", "baseSubject");

-- CreateIndex
CREATE INDEX "Message_folderId_fromName_fromAddress_idx" ON "Message"("folderId", "fromName", "fromAddress");


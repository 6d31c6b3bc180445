-- CreateTable
CREATE TABLE "MailSettings" (
    "mailboxId" TEXT NOT NULL,
    "signature" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "loadRemoteImages" BOOLEAN NOT NULL DEFAULT false,
    "theme" TEXT NOT NULL DEFAULT 'system',
    "vacationEnabled" BOOLEAN NOT NULL DEFAULT false,
    "vacationSubject" TEXT NOT NULL DEFAULT '',
    "vacationBody" TEXT NOT NULL DEFAULT '',
    "vacationStartsAt" TIMESTAMP(3),
    "vacationEndsAt" TIMESTAMP(3),
    "vacationIntervalDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailSettings_pkey" PRIMARY KEY ("mailboxId")
);

-- CreateTable
CREATE TABLE "RemoteImageSender" (
    "mailboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemoteImageSender_pkey" PRIMARY KEY ("mailboxId","address")
);

-- CreateTable
CREATE TABLE "VacationReplySent" (
    "mailboxId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VacationReplySent_pkey" PRIMARY KEY ("mailboxId","sender")
);

-- CreateIndex
CREATE INDEX "Message_folderId_size_idx" ON "Message"("folderId", "size");

-- CreateIndex
CREATE INDEX "Message_folderId_baseSubject_idx" ON "Message"("folderId", "baseSubject");

-- CreateIndex
CREATE INDEX "Message_folderId_fromName_fromAddress_idx" ON "Message"("folderId", "fromName", "fromAddress");

-- AddForeignKey
ALTER TABLE "MailSettings" ADD CONSTRAINT "MailSettings_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemoteImageSender" ADD CONSTRAINT "RemoteImageSender_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VacationReplySent" ADD CONSTRAINT "VacationReplySent_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;


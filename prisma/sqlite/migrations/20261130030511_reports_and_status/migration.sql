-- CreateTable
CREATE TABLE "RejectDayCount" (
    "scope" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("scope", "dimension", "day", "value")
);

-- CreateTable
CREATE TABLE "AllowedSender" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AllowedSender_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatusPost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "services" TEXT NOT NULL DEFAULT '',
    "publishedAt" DATETIME,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StatusUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "postId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" TEXT,
    "body" TEXT NOT NULL,
    CONSTRAINT "StatusUpdate_postId_fkey" FOREIGN KEY ("postId") REFERENCES "StatusPost" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceHeartbeat" (
    "service" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("service", "instance")
);

-- CreateTable
CREATE TABLE "ServiceMinute" (
    "service" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "metric" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("service", "metric", "minute")
);

-- CreateTable
CREATE TABLE "ServiceProbeDay" (
    "service" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "okCount" INTEGER NOT NULL DEFAULT 0,
    "failCount" INTEGER NOT NULL DEFAULT 0,
    "lastAt" DATETIME NOT NULL,
    "lastOk" BOOLEAN NOT NULL,
    "lastDetail" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("service", "day")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MailSettings" (
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
    "rejectDigest" BOOLEAN NOT NULL DEFAULT false,
    "rejectDigestSentDay" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailSettings_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MailSettings" ("loadRemoteImages", "mailboxId", "signature", "theme", "timeZone", "updatedAt", "vacationBody", "vacationEnabled", "vacationEndsAt", "vacationIntervalDays", "vacationStartsAt", "vacationSubject") SELECT "loadRemoteImages", "mailboxId", "signature", "theme", "timeZone", "updatedAt", "vacationBody", "vacationEnabled", "vacationEndsAt", "vacationIntervalDays", "vacationStartsAt", "vacationSubject" FROM "MailSettings";
DROP TABLE "MailSettings";
ALTER TABLE "new_MailSettings" RENAME TO "MailSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AllowedSender_mailboxId_address_key" ON "AllowedSender"("mailboxId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "StatusPost_slug_key" ON "StatusPost"("slug");

-- CreateIndex
CREATE INDEX "StatusPost_publishedAt_idx" ON "StatusPost"("publishedAt");

-- CreateIndex
CREATE INDEX "StatusUpdate_postId_at_idx" ON "StatusUpdate"("postId", "at");


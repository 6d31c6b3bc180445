-- CreateEnum
CREATE TYPE "StatusKind" AS ENUM ('INCIDENT', 'MAINTENANCE', 'ANNOUNCEMENT', 'CHANGE');

-- CreateEnum
CREATE TYPE "StatusState" AS ENUM ('INVESTIGATING', 'ONGOING', 'RESOLVED', 'SCHEDULED', 'COMPLETED');

-- AlterTable
ALTER TABLE "MailSettings" ADD COLUMN     "rejectDigest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rejectDigestSentDay" TEXT;

-- CreateTable
CREATE TABLE "RejectDayCount" (
    "scope" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RejectDayCount_pkey" PRIMARY KEY ("scope","dimension","day","value")
);

-- CreateTable
CREATE TABLE "AllowedSender" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllowedSender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusPost" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "kind" "StatusKind" NOT NULL,
    "state" "StatusState" NOT NULL,
    "services" TEXT NOT NULL DEFAULT '',
    "publishedAt" TIMESTAMP(3),
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatusPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusUpdate" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "StatusState",
    "body" TEXT NOT NULL,

    CONSTRAINT "StatusUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceHeartbeat" (
    "service" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceHeartbeat_pkey" PRIMARY KEY ("service","instance")
);

-- CreateTable
CREATE TABLE "ServiceMinute" (
    "service" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "metric" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ServiceMinute_pkey" PRIMARY KEY ("service","metric","minute")
);

-- CreateTable
CREATE TABLE "ServiceProbeDay" (
    "service" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "okCount" INTEGER NOT NULL DEFAULT 0,
    "failCount" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "lastOk" BOOLEAN NOT NULL,
    "lastDetail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ServiceProbeDay_pkey" PRIMARY KEY ("service","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "AllowedSender_mailboxId_address_key" ON "AllowedSender"("mailboxId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "StatusPost_slug_key" ON "StatusPost"("slug");

-- CreateIndex
CREATE INDEX "StatusPost_publishedAt_idx" ON "StatusPost"("publishedAt");

-- CreateIndex
CREATE INDEX "StatusUpdate_postId_at_idx" ON "StatusUpdate"("postId", "at");

-- AddForeignKey
ALTER TABLE "AllowedSender" ADD CONSTRAINT "AllowedSender_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusUpdate" ADD CONSTRAINT "StatusUpdate_postId_fkey" FOREIGN KEY ("postId") REFERENCES "StatusPost"("id") ON DELETE CASCADE ON UPDATE CASCADE;


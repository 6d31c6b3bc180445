-- CreateEnum
CREATE TYPE "SmtpStage" AS ENUM ('CONNECT', 'HELO', 'MAIL', 'RCPT', 'DATA');

-- CreateEnum
CREATE TYPE "BlockKind" AS ENUM ('ADDRESS', 'DOMAIN', 'IP');

-- AlterTable
ALTER TABLE "Mailbox" ADD COLUMN     "spamJunkScore" DOUBLE PRECISION NOT NULL DEFAULT 5,
ADD COLUMN     "spamRejectScore" DOUBLE PRECISION NOT NULL DEFAULT 12;

-- CreateTable
CREATE TABLE "RejectEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stage" "SmtpStage" NOT NULL,
    "smtpCode" INTEGER NOT NULL,
    "enhancedCode" TEXT NOT NULL,
    "reasonKey" TEXT NOT NULL,
    "reasonText" TEXT NOT NULL,
    "clientIp" TEXT NOT NULL,
    "helo" TEXT NOT NULL DEFAULT '',
    "mailFrom" TEXT NOT NULL DEFAULT '',
    "rcptTo" TEXT NOT NULL DEFAULT '',
    "domainId" TEXT,
    "accountId" TEXT,
    "mailboxId" TEXT,
    "isCatchAll" BOOLEAN NOT NULL DEFAULT false,
    "score" DOUBLE PRECISION,
    "ruleHits" JSONB,

    CONSTRAINT "RejectEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatchAllRejectDay" (
    "domainId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CatchAllRejectDay_pkey" PRIMARY KEY ("domainId","day")
);

-- CreateTable
CREATE TABLE "BlockListEntry" (
    "id" TEXT NOT NULL,
    "accountId" TEXT,
    "kind" "BlockKind" NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlockListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RejectEvent_at_idx" ON "RejectEvent"("at");

-- CreateIndex
CREATE INDEX "RejectEvent_accountId_at_idx" ON "RejectEvent"("accountId", "at");

-- CreateIndex
CREATE INDEX "RejectEvent_mailboxId_at_idx" ON "RejectEvent"("mailboxId", "at");

-- CreateIndex
CREATE INDEX "RejectEvent_rcptTo_at_idx" ON "RejectEvent"("rcptTo", "at");

-- CreateIndex
CREATE INDEX "BlockListEntry_accountId_idx" ON "BlockListEntry"("accountId");

-- CreateIndex
CREATE INDEX "BlockListEntry_kind_value_idx" ON "BlockListEntry"("kind", "value");

-- AddForeignKey
ALTER TABLE "BlockListEntry" ADD CONSTRAINT "BlockListEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "RejectEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stage" TEXT NOT NULL,
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
    "score" REAL,
    "ruleHits" JSONB
);

-- CreateTable
CREATE TABLE "CatchAllRejectDay" (
    "domainId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("domainId", "day")
);

-- CreateTable
CREATE TABLE "BlockListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BlockListEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Mailbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "localPart" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "ldapPasswordHash" TEXT,
    "accessLevel" TEXT NOT NULL DEFAULT 'SELF',
    "role" TEXT,
    "quotaBytes" BIGINT NOT NULL DEFAULT 1073741824,
    "usedBytes" BIGINT NOT NULL DEFAULT 0,
    "isDisabled" BOOLEAN NOT NULL DEFAULT false,
    "spamJunkScore" REAL NOT NULL DEFAULT 5,
    "spamRejectScore" REAL NOT NULL DEFAULT 12,
    "lastUidValidity" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mailbox_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Mailbox_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Mailbox" ("accessLevel", "accountId", "createdAt", "displayName", "domainId", "id", "isDisabled", "lastUidValidity", "ldapPasswordHash", "localPart", "passwordHash", "quotaBytes", "role", "updatedAt", "usedBytes") SELECT "accessLevel", "accountId", "createdAt", "displayName", "domainId", "id", "isDisabled", "lastUidValidity", "ldapPasswordHash", "localPart", "passwordHash", "quotaBytes", "role", "updatedAt", "usedBytes" FROM "Mailbox";
DROP TABLE "Mailbox";
ALTER TABLE "new_Mailbox" RENAME TO "Mailbox";
CREATE INDEX "Mailbox_accountId_idx" ON "Mailbox"("accountId");
CREATE UNIQUE INDEX "Mailbox_domainId_localPart_key" ON "Mailbox"("domainId", "localPart");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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


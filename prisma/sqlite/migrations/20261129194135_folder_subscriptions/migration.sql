-- CreateTable
CREATE TABLE "Subscription" (
    "mailboxId" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    PRIMARY KEY ("mailboxId", "name"),
    CONSTRAINT "Subscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Subscriptions were a column of the folder: keep them
INSERT INTO "Subscription" ("mailboxId", "name") SELECT "mailboxId", "name" FROM "Folder" WHERE "isSubscribed";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Folder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "specialUse" TEXT,
    "uidValidity" BIGINT NOT NULL,
    "uidNext" INTEGER NOT NULL DEFAULT 1,
    "highestModseq" BIGINT NOT NULL DEFAULT 1,
    "firstRecentUid" INTEGER NOT NULL DEFAULT 1,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "unseenCount" INTEGER NOT NULL DEFAULT 0,
    "totalBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Folder_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Folder" ("createdAt", "firstRecentUid", "highestModseq", "id", "mailboxId", "messageCount", "name", "specialUse", "totalBytes", "uidNext", "uidValidity", "unseenCount") SELECT "createdAt", "firstRecentUid", "highestModseq", "id", "mailboxId", "messageCount", "name", "specialUse", "totalBytes", "uidNext", "uidValidity", "unseenCount" FROM "Folder";
DROP TABLE "Folder";
ALTER TABLE "new_Folder" RENAME TO "Folder";
CREATE UNIQUE INDEX "Folder_mailboxId_name_key" ON "Folder"("mailboxId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


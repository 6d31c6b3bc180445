-- CreateTable
CREATE TABLE "Folder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "specialUse" TEXT,
    "isSubscribed" BOOLEAN NOT NULL DEFAULT true,
    "uidValidity" BIGINT NOT NULL,
    "uidNext" INTEGER NOT NULL DEFAULT 1,
    "highestModseq" BIGINT NOT NULL DEFAULT 1,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "unseenCount" INTEGER NOT NULL DEFAULT 0,
    "totalBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Folder_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "folderId" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "uid" INTEGER NOT NULL,
    "modseq" BIGINT NOT NULL,
    "isSeen" BOOLEAN NOT NULL DEFAULT false,
    "isAnswered" BOOLEAN NOT NULL DEFAULT false,
    "isFlagged" BOOLEAN NOT NULL DEFAULT false,
    "isDeleted" BOOLEAN NOT NULL DEFAULT false,
    "isDraft" BOOLEAN NOT NULL DEFAULT false,
    "keywords" TEXT NOT NULL DEFAULT '',
    "internalDate" DATETIME NOT NULL,
    "size" INTEGER NOT NULL,
    "blobHash" TEXT NOT NULL,
    "sentDate" DATETIME,
    "messageIdHeader" TEXT,
    "inReplyTo" TEXT,
    "references" TEXT NOT NULL DEFAULT '',
    "threadId" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "baseSubject" TEXT NOT NULL DEFAULT '',
    "fromName" TEXT NOT NULL DEFAULT '',
    "fromAddress" TEXT NOT NULL DEFAULT '',
    "toAddress" TEXT NOT NULL DEFAULT '',
    "ccAddress" TEXT NOT NULL DEFAULT '',
    "preview" TEXT NOT NULL DEFAULT '',
    "hasAttachments" BOOLEAN NOT NULL DEFAULT false,
    "envelope" TEXT NOT NULL,
    "bodyStructure" TEXT NOT NULL,
    "searchRowId" INTEGER,
    CONSTRAINT "Message_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "Folder" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_blobHash_fkey" FOREIGN KEY ("blobHash") REFERENCES "Blob" ("hash") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Blob" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "size" INTEGER NOT NULL,
    "refCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Change" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "mailboxId" TEXT NOT NULL,
    "folderId" TEXT NOT NULL,
    "modseq" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "uid" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "lastUidValidity" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mailbox_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Mailbox_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Mailbox" ("accessLevel", "accountId", "createdAt", "displayName", "domainId", "id", "isDisabled", "ldapPasswordHash", "localPart", "passwordHash", "quotaBytes", "role", "updatedAt", "usedBytes") SELECT "accessLevel", "accountId", "createdAt", "displayName", "domainId", "id", "isDisabled", "ldapPasswordHash", "localPart", "passwordHash", "quotaBytes", "role", "updatedAt", "usedBytes" FROM "Mailbox";
DROP TABLE "Mailbox";
ALTER TABLE "new_Mailbox" RENAME TO "Mailbox";
CREATE INDEX "Mailbox_accountId_idx" ON "Mailbox"("accountId");
CREATE UNIQUE INDEX "Mailbox_domainId_localPart_key" ON "Mailbox"("domainId", "localPart");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Folder_mailboxId_name_key" ON "Folder"("mailboxId", "name");

-- CreateIndex
CREATE INDEX "Message_folderId_modseq_idx" ON "Message"("folderId", "modseq");

-- CreateIndex
CREATE INDEX "Message_folderId_internalDate_idx" ON "Message"("folderId", "internalDate");

-- CreateIndex
CREATE INDEX "Message_mailboxId_messageIdHeader_idx" ON "Message"("mailboxId", "messageIdHeader");

-- CreateIndex
CREATE INDEX "Message_mailboxId_threadId_idx" ON "Message"("mailboxId", "threadId");

-- CreateIndex
CREATE INDEX "Message_blobHash_idx" ON "Message"("blobHash");

-- CreateIndex
CREATE INDEX "Message_searchRowId_idx" ON "Message"("searchRowId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_folderId_uid_key" ON "Message"("folderId", "uid");

-- CreateIndex
CREATE INDEX "Change_folderId_modseq_idx" ON "Change"("folderId", "modseq");

-- CreateIndex
CREATE INDEX "Change_mailboxId_id_idx" ON "Change"("mailboxId", "id");


-- Full-text search (lib/db-full-text.ts), outside Prisma's schema: IMAP SEARCH BODY/TEXT and
-- webmail search are case-insensitive substring searches, which FTS5's trigram tokenizer answers.
CREATE VIRTUAL TABLE "MessageSearch" USING fts5("headers", "body", tokenize = 'trigram');

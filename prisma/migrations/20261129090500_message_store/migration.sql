-- CreateEnum
CREATE TYPE "SpecialUse" AS ENUM ('INBOX', 'SENT', 'DRAFTS', 'TRASH', 'JUNK', 'ARCHIVE');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('APPEND', 'FLAGS', 'EXPUNGE', 'FOLDER');

-- AlterTable
ALTER TABLE "Mailbox" ADD COLUMN     "lastUidValidity" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Folder" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "specialUse" "SpecialUse",
    "isSubscribed" BOOLEAN NOT NULL DEFAULT true,
    "uidValidity" BIGINT NOT NULL,
    "uidNext" INTEGER NOT NULL DEFAULT 1,
    "highestModseq" BIGINT NOT NULL DEFAULT 1,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "unseenCount" INTEGER NOT NULL DEFAULT 0,
    "totalBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Folder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
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
    "internalDate" TIMESTAMP(3) NOT NULL,
    "size" INTEGER NOT NULL,
    "blobHash" TEXT NOT NULL,
    "sentDate" TIMESTAMP(3),
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

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blob" (
    "hash" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "refCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blob_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "Change" (
    "id" BIGSERIAL NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "folderId" TEXT NOT NULL,
    "modseq" BIGINT NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "uid" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Folder" ADD CONSTRAINT "Folder_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "Folder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_blobHash_fkey" FOREIGN KEY ("blobHash") REFERENCES "Blob"("hash") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Full-text search (lib/db-full-text.ts), outside Prisma's schema: IMAP SEARCH BODY/TEXT and
-- webmail search are case-insensitive substring searches, which trigram indexes answer.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE "MessageSearch" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "headers" TEXT NOT NULL,
    "body" TEXT NOT NULL
);
CREATE INDEX "MessageSearch_headers_trgm_idx" ON "MessageSearch" USING GIN ("headers" gin_trgm_ops);
CREATE INDEX "MessageSearch_body_trgm_idx" ON "MessageSearch" USING GIN ("body" gin_trgm_ops);

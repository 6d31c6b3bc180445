-- CreateEnum
CREATE TYPE "AddressBookKind" AS ENUM ('ACCOUNT', 'PERSONAL', 'SHARED');

-- CreateEnum
CREATE TYPE "BookAccess" AS ENUM ('READ', 'READ_WRITE');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "ldapPasswordHash" TEXT,
ADD COLUMN     "suspendedAt" TIMESTAMP(3);

-- AlterTable
-- Domains added before verification existed already take mail: they count as verified, each with a token of its own.
ALTER TABLE "Domain" ADD COLUMN     "verificationToken" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "verifiedAt" TIMESTAMP(3);
UPDATE "Domain" SET "verificationToken" = md5(random()::text || "id"), "verifiedAt" = "createdAt";
ALTER TABLE "Domain" ALTER COLUMN "verificationToken" DROP DEFAULT;

-- AlterTable
ALTER TABLE "Mailbox" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AddressBook" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" "AddressBookKind" NOT NULL,
    "name" TEXT NOT NULL,
    "ownerMailboxId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AddressBook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AddressBookGrant" (
    "bookId" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "access" "BookAccess" NOT NULL,

    CONSTRAINT "AddressBookGrant_pkey" PRIMARY KEY ("bookId","mailboxId")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "givenName" TEXT NOT NULL DEFAULT '',
    "familyName" TEXT NOT NULL DEFAULT '',
    "nickname" TEXT NOT NULL DEFAULT '',
    "emails" JSONB NOT NULL,
    "phones" JSONB NOT NULL,
    "addresses" JSONB NOT NULL,
    "organization" TEXT NOT NULL DEFAULT '',
    "department" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL DEFAULT '',
    "birthday" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "extraVcard" TEXT NOT NULL DEFAULT '',
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AddressBook_ownerMailboxId_key" ON "AddressBook"("ownerMailboxId");

-- CreateIndex
CREATE INDEX "AddressBook_accountId_kind_idx" ON "AddressBook"("accountId", "kind");

-- CreateIndex
CREATE INDEX "AddressBookGrant_mailboxId_idx" ON "AddressBookGrant"("mailboxId");

-- CreateIndex
CREATE INDEX "Contact_bookId_idx" ON "Contact"("bookId");

-- AddForeignKey
ALTER TABLE "AddressBook" ADD CONSTRAINT "AddressBook_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AddressBook" ADD CONSTRAINT "AddressBook_ownerMailboxId_fkey" FOREIGN KEY ("ownerMailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AddressBookGrant" ADD CONSTRAINT "AddressBookGrant_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "AddressBook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AddressBookGrant" ADD CONSTRAINT "AddressBookGrant_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "AddressBook"("id") ON DELETE CASCADE ON UPDATE CASCADE;


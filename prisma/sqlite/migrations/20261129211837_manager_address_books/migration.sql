-- AlterTable
ALTER TABLE "Account" ADD COLUMN "ldapPasswordHash" TEXT;
ALTER TABLE "Account" ADD COLUMN "suspendedAt" DATETIME;

-- AlterTable
ALTER TABLE "Mailbox" ADD COLUMN "deletedAt" DATETIME;

-- CreateTable
CREATE TABLE "AddressBook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerMailboxId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AddressBook_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AddressBook_ownerMailboxId_fkey" FOREIGN KEY ("ownerMailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AddressBookGrant" (
    "bookId" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "access" TEXT NOT NULL,

    PRIMARY KEY ("bookId", "mailboxId"),
    CONSTRAINT "AddressBookGrant_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "AddressBook" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AddressBookGrant_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "AddressBook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Domain" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "catchAllMailboxId" TEXT,
    "verificationToken" TEXT NOT NULL,
    "verifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Domain_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Domain_catchAllMailboxId_fkey" FOREIGN KEY ("catchAllMailboxId") REFERENCES "Mailbox" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Domains added before verification existed already take mail: they count as verified, each with a token of its own.
INSERT INTO "new_Domain" ("accountId", "catchAllMailboxId", "createdAt", "id", "name", "updatedAt", "verificationToken", "verifiedAt") SELECT "accountId", "catchAllMailboxId", "createdAt", "id", "name", "updatedAt", lower(hex(randomblob(16))), "createdAt" FROM "Domain";
DROP TABLE "Domain";
ALTER TABLE "new_Domain" RENAME TO "Domain";
CREATE UNIQUE INDEX "Domain_name_key" ON "Domain"("name");
CREATE INDEX "Domain_accountId_idx" ON "Domain"("accountId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AddressBook_ownerMailboxId_key" ON "AddressBook"("ownerMailboxId");

-- CreateIndex
CREATE INDEX "AddressBook_accountId_kind_idx" ON "AddressBook"("accountId", "kind");

-- CreateIndex
CREATE INDEX "AddressBookGrant_mailboxId_idx" ON "AddressBookGrant"("mailboxId");

-- CreateIndex
CREATE INDEX "Contact_bookId_idx" ON "Contact"("bookId");


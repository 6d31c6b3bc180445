-- CreateTable
CREATE TABLE "Subscription" (
    "mailboxId" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("mailboxId","name")
);

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Subscriptions were a column of the folder: keep them
INSERT INTO "Subscription" ("mailboxId", "name") SELECT "mailboxId", "name" FROM "Folder" WHERE "isSubscribed";

-- AlterTable
ALTER TABLE "Folder" DROP COLUMN "isSubscribed";

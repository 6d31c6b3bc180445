-- CreateTable
CREATE TABLE "Pop3Lock" (
    "mailboxId" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "heartbeatAt" DATETIME NOT NULL
);


-- CreateTable
CREATE TABLE "Pop3Lock" (
    "mailboxId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pop3Lock_pkey" PRIMARY KEY ("mailboxId")
);


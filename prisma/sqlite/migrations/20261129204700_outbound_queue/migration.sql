-- CreateTable
CREATE TABLE "Forward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "keepsCopy" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Forward_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DkimKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domainId" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "privateKeyPem" TEXT NOT NULL,
    "dnsRecord" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DkimKey_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "origin" TEXT NOT NULL,
    "mailFrom" TEXT NOT NULL,
    "senderMailboxId" TEXT,
    "forwardMailboxId" TEXT,
    "messageIdHeader" TEXT NOT NULL DEFAULT '',
    "size" INTEGER NOT NULL,
    "content" BLOB NOT NULL,
    "spamScore" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboundRecipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "leaseToken" TEXT,
    "lastAttemptAt" DATETIME,
    "lastError" TEXT NOT NULL DEFAULT '',
    "lastHost" TEXT NOT NULL DEFAULT '',
    "delayNoticeSentAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "OutboundRecipient_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "OutboundMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForwardDiscardDay" (
    "destinationDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("destinationDomain", "day")
);

-- CreateTable
CREATE TABLE "FeedbackReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "feedbackType" TEXT NOT NULL,
    "reporter" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "originalMailFrom" TEXT NOT NULL DEFAULT '',
    "originalRcptTo" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "arrivalDate" DATETIME,
    "destinationDomain" TEXT NOT NULL DEFAULT '',
    "messageIdHeader" TEXT NOT NULL DEFAULT '',
    "outboundMessageId" TEXT,
    "sendingMailboxId" TEXT,
    "forwardMailboxId" TEXT,
    "sample" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Forward_mailboxId_address_key" ON "Forward"("mailboxId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "DkimKey_domainId_selector_key" ON "DkimKey"("domainId", "selector");

-- CreateIndex
CREATE INDEX "OutboundMessage_senderMailboxId_createdAt_idx" ON "OutboundMessage"("senderMailboxId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundMessage_messageIdHeader_idx" ON "OutboundMessage"("messageIdHeader");

-- CreateIndex
CREATE INDEX "OutboundMessage_createdAt_idx" ON "OutboundMessage"("createdAt");

-- CreateIndex
CREATE INDEX "OutboundRecipient_state_nextAttemptAt_idx" ON "OutboundRecipient"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundRecipient_messageId_idx" ON "OutboundRecipient"("messageId");

-- CreateIndex
CREATE INDEX "OutboundRecipient_domain_state_idx" ON "OutboundRecipient"("domain", "state");

-- CreateIndex
CREATE INDEX "FeedbackReport_receivedAt_idx" ON "FeedbackReport"("receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackReport_sendingMailboxId_receivedAt_idx" ON "FeedbackReport"("sendingMailboxId", "receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackReport_forwardMailboxId_receivedAt_idx" ON "FeedbackReport"("forwardMailboxId", "receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackReport_destinationDomain_receivedAt_idx" ON "FeedbackReport"("destinationDomain", "receivedAt");


-- CreateIndex
CREATE INDEX "OutboundRecipient_leaseToken_idx" ON "OutboundRecipient"("leaseToken");


-- CreateIndex
CREATE INDEX "RejectDayCount_day_idx" ON "RejectDayCount"("day");


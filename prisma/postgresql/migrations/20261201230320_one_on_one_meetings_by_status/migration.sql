-- CreateIndex
CREATE INDEX "OneOnOneMeeting_seriesId_status_startsAt_idx" ON "OneOnOneMeeting"("seriesId", "status", "startsAt");

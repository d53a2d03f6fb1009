-- CreateTable
CREATE TABLE "ReminderOptOut" (
    "invitationId" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "ReminderOptOut_roundId_idx" ON "ReminderOptOut"("roundId");

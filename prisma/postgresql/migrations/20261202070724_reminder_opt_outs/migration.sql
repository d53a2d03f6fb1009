-- CreateTable
CREATE TABLE "ReminderOptOut" (
    "invitationId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,

    CONSTRAINT "ReminderOptOut_pkey" PRIMARY KEY ("invitationId")
);

-- CreateIndex
CREATE INDEX "ReminderOptOut_roundId_idx" ON "ReminderOptOut"("roundId");

-- AlterTable
ALTER TABLE "MailboxMessage" ADD COLUMN     "calendar" TEXT;

-- CreateTable
CREATE TABLE "OneOnOneSeries" (
    "id" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "weekOfMonth" INTEGER,
    "timeOfDay" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "location" TEXT,
    "startDate" TEXT NOT NULL,
    "reminderHours" INTEGER NOT NULL DEFAULT 24,
    "status" TEXT NOT NULL DEFAULT 'active',
    "endedReason" TEXT,
    "endedAt" TIMESTAMP(3),
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "horizon" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OneOnOneSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneOnOneMeeting" (
    "id" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "recordedById" TEXT,
    "moved" BOOLEAN NOT NULL DEFAULT false,
    "remindAt" TIMESTAMP(3),
    "remindClaim" TEXT,
    "remindClaimUntil" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "sharedNotes" TEXT NOT NULL DEFAULT '',
    "notesVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OneOnOneMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneOnOneAgendaItem" (
    "id" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'person',
    "checked" BOOLEAN NOT NULL DEFAULT false,
    "carried" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OneOnOneAgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneOnOneActionItem" (
    "id" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" TEXT,
    "doneAt" TIMESTAMP(3),
    "doneMeetingId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OneOnOneActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OneOnOnePrivateNote" (
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "cipher" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OneOnOnePrivateNote_pkey" PRIMARY KEY ("meetingId","authorId")
);

-- CreateIndex
CREATE INDEX "OneOnOneSeries_managerId_status_idx" ON "OneOnOneSeries"("managerId", "status");

-- CreateIndex
CREATE INDEX "OneOnOneSeries_reportId_status_idx" ON "OneOnOneSeries"("reportId", "status");

-- CreateIndex
CREATE INDEX "OneOnOneSeries_status_horizon_idx" ON "OneOnOneSeries"("status", "horizon");

-- CreateIndex
CREATE INDEX "OneOnOneMeeting_seriesId_startsAt_idx" ON "OneOnOneMeeting"("seriesId", "startsAt");

-- CreateIndex
CREATE INDEX "OneOnOneMeeting_status_endsAt_idx" ON "OneOnOneMeeting"("status", "endsAt");

-- CreateIndex
CREATE INDEX "OneOnOneMeeting_remindAt_idx" ON "OneOnOneMeeting"("remindAt");

-- CreateIndex
CREATE UNIQUE INDEX "OneOnOneMeeting_seriesId_slot_key" ON "OneOnOneMeeting"("seriesId", "slot");

-- CreateIndex
CREATE INDEX "OneOnOneAgendaItem_meetingId_idx" ON "OneOnOneAgendaItem"("meetingId");

-- CreateIndex
CREATE INDEX "OneOnOneAgendaItem_seriesId_checked_idx" ON "OneOnOneAgendaItem"("seriesId", "checked");

-- CreateIndex
CREATE INDEX "OneOnOneActionItem_seriesId_doneAt_idx" ON "OneOnOneActionItem"("seriesId", "doneAt");

-- AddForeignKey
ALTER TABLE "OneOnOneSeries" ADD CONSTRAINT "OneOnOneSeries_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOneSeries" ADD CONSTRAINT "OneOnOneSeries_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOneMeeting" ADD CONSTRAINT "OneOnOneMeeting_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOneAgendaItem" ADD CONSTRAINT "OneOnOneAgendaItem_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOneAgendaItem" ADD CONSTRAINT "OneOnOneAgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "OneOnOneMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOneActionItem" ADD CONSTRAINT "OneOnOneActionItem_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OneOnOnePrivateNote" ADD CONSTRAINT "OneOnOnePrivateNote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "OneOnOneMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

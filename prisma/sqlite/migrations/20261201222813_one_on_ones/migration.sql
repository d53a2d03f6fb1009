-- AlterTable
ALTER TABLE "MailboxMessage" ADD COLUMN "calendar" TEXT;

-- CreateTable
CREATE TABLE "OneOnOneSeries" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "endedAt" DATETIME,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "horizon" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OneOnOneSeries_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OneOnOneSeries_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OneOnOneMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "recordedById" TEXT,
    "moved" BOOLEAN NOT NULL DEFAULT false,
    "remindAt" DATETIME,
    "remindClaim" TEXT,
    "remindClaimUntil" DATETIME,
    "remindedAt" DATETIME,
    "sharedNotes" TEXT NOT NULL DEFAULT '',
    "notesVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OneOnOneMeeting_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OneOnOneAgendaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'person',
    "checked" BOOLEAN NOT NULL DEFAULT false,
    "carried" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OneOnOneAgendaItem_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OneOnOneAgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "OneOnOneMeeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OneOnOneActionItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" TEXT,
    "doneAt" DATETIME,
    "doneMeetingId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OneOnOneActionItem_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "OneOnOneSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OneOnOnePrivateNote" (
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "cipher" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("meetingId", "authorId"),
    CONSTRAINT "OneOnOnePrivateNote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "OneOnOneMeeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

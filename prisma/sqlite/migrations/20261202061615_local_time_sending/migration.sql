-- AlterTable
ALTER TABLE "Round" ADD COLUMN "localSendAt" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "frequency" TEXT NOT NULL,
    "weekday" INTEGER,
    "dayOfMonth" INTEGER,
    "timeOfDay" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "windowDays" INTEGER NOT NULL DEFAULT 5,
    "reminderCount" INTEGER NOT NULL DEFAULT 2,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT,
    "audience" TEXT NOT NULL DEFAULT 'company',
    "audienceIds" TEXT NOT NULL DEFAULT '[]',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "nextRunAt" DATETIME,
    "claimToken" TEXT,
    "claimExpiresAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "localDelivery" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Schedule_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Schedule" ("audience", "audienceIds", "claimExpiresAt", "claimToken", "createdAt", "dayOfMonth", "endDate", "frequency", "id", "nextRunAt", "paused", "reminderCount", "startDate", "surveyId", "timeOfDay", "timeZone", "updatedAt", "version", "weekday", "windowDays") SELECT "audience", "audienceIds", "claimExpiresAt", "claimToken", "createdAt", "dayOfMonth", "endDate", "frequency", "id", "nextRunAt", "paused", "reminderCount", "startDate", "surveyId", "timeOfDay", "timeZone", "updatedAt", "version", "weekday", "windowDays" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE UNIQUE INDEX "Schedule_surveyId_key" ON "Schedule"("surveyId");
CREATE INDEX "Schedule_paused_nextRunAt_idx" ON "Schedule"("paused", "nextRunAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- One schedule per survey. Concurrent first saves could store several for one survey: keep the one the
-- page showed (the oldest), detach the rounds the others opened (they keep their answers) and remove the others.
UPDATE "Round" SET "scheduleId" = NULL WHERE "scheduleId" IN (
    SELECT s."id" FROM "Schedule" s WHERE EXISTS (
        SELECT 1 FROM "Schedule" o WHERE o."surveyId" = s."surveyId" AND (o."createdAt" < s."createdAt" OR (o."createdAt" = s."createdAt" AND o."id" < s."id"))));
DELETE FROM "Schedule" WHERE EXISTS (
    SELECT 1 FROM "Schedule" o WHERE o."surveyId" = "Schedule"."surveyId" AND (o."createdAt" < "Schedule"."createdAt" OR (o."createdAt" = "Schedule"."createdAt" AND o."id" < "Schedule"."id")));

-- AlterTable
ALTER TABLE "Round" ADD COLUMN "sendKey" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Survey" ("archived", "createdAt", "id", "intro", "title", "updatedAt") SELECT "archived", "createdAt", "id", "intro", "title", "updatedAt" FROM "Survey";
DROP TABLE "Survey";
ALTER TABLE "new_Survey" RENAME TO "Survey";
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
    CONSTRAINT "Schedule_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Schedule" ("audience", "audienceIds", "claimExpiresAt", "claimToken", "createdAt", "dayOfMonth", "endDate", "frequency", "id", "nextRunAt", "paused", "reminderCount", "startDate", "surveyId", "timeOfDay", "timeZone", "updatedAt", "weekday", "windowDays") SELECT "audience", "audienceIds", "claimExpiresAt", "claimToken", "createdAt", "dayOfMonth", "endDate", "frequency", "id", "nextRunAt", "paused", "reminderCount", "startDate", "surveyId", "timeOfDay", "timeZone", "updatedAt", "weekday", "windowDays" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE UNIQUE INDEX "Schedule_surveyId_key" ON "Schedule"("surveyId");
CREATE INDEX "Schedule_paused_nextRunAt_idx" ON "Schedule"("paused", "nextRunAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Round_sendKey_key" ON "Round"("sendKey");

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "sendKey" TEXT;

-- One schedule per survey. Concurrent first saves could store several for one survey: keep the one the
-- page showed (the oldest), detach the rounds the others opened (they keep their answers) and remove the others.
UPDATE "Round" SET "scheduleId" = NULL WHERE "scheduleId" IN (
    SELECT s."id" FROM "Schedule" s WHERE EXISTS (
        SELECT 1 FROM "Schedule" o WHERE o."surveyId" = s."surveyId" AND (o."createdAt" < s."createdAt" OR (o."createdAt" = s."createdAt" AND o."id" < s."id"))));
DELETE FROM "Schedule" WHERE EXISTS (
    SELECT 1 FROM "Schedule" o WHERE o."surveyId" = "Schedule"."surveyId" AND (o."createdAt" < "Schedule"."createdAt" OR (o."createdAt" = "Schedule"."createdAt" AND o."id" < "Schedule"."id")));

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_surveyId_key" ON "Schedule"("surveyId");

-- CreateIndex
CREATE UNIQUE INDEX "Round_sendKey_key" ON "Round"("sendKey");

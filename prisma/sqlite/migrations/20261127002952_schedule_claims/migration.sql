-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN "claimExpiresAt" DATETIME;
ALTER TABLE "Schedule" ADD COLUMN "claimToken" TEXT;

-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "claimExpiresAt" TIMESTAMP(3),
ADD COLUMN     "claimToken" TEXT;

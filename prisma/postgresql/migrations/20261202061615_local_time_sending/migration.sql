-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "localDelivery" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "localSendAt" TEXT;

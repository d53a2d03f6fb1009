-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "remindersOff" BOOLEAN NOT NULL DEFAULT false;

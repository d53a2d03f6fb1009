-- AlterTable
ALTER TABLE "Round" ADD COLUMN "enpsSlice" TEXT;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "resultCube" TEXT;

-- DropIndex
DROP INDEX "Answer_responseId_idx";

-- AlterTable
ALTER TABLE "Answer" DROP CONSTRAINT "Answer_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "Answer_pkey" PRIMARY KEY ("responseId", "questionId");

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN "introId" TEXT;
ALTER TABLE "Survey" ADD COLUMN "titleId" TEXT;

-- AlterTable
ALTER TABLE "SurveyQuestion" ADD COLUMN "optionsId" TEXT;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN "introId" TEXT;
ALTER TABLE "Round" ADD COLUMN "titleId" TEXT;

-- AlterTable
ALTER TABLE "RoundQuestion" ADD COLUMN "optionsId" TEXT;

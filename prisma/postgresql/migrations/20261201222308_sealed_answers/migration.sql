-- AlterTable
ALTER TABLE "MailboxMessage" ADD COLUMN     "roundId" TEXT,
ADD COLUMN     "template" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "emailStats" TEXT,
ADD COLUMN     "releasedAt" TIMESTAMP(3),
ADD COLUMN     "tracesClearedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Invitation" DROP COLUMN "remindersSent";

-- AlterTable
ALTER TABLE "Response" DROP COLUMN "day";

-- CreateTable
CREATE TABLE "SealedResponse" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "sealed" BYTEA NOT NULL,

    CONSTRAINT "SealedResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SealedResponse_roundId_idx" ON "SealedResponse"("roundId");

-- CreateIndex
CREATE INDEX "MailboxMessage_roundId_idx" ON "MailboxMessage"("roundId");

-- CreateIndex
CREATE INDEX "MailboxMessage_template_createdAt_idx" ON "MailboxMessage"("template", "createdAt");

-- AddForeignKey
ALTER TABLE "SealedResponse" ADD CONSTRAINT "SealedResponse_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data (hand-written): rounds closed before this version already had their responses written, so they count as
-- released (their per-person traces are reduced by the close-rounds job, since tracesClearedAt is still null),
-- and the responses and answers stored so far are rewritten in a random order, so their physical order no
-- longer follows the order people answered in.
UPDATE "Round" SET "releasedAt" = "closedAt" WHERE "status" = 'closed';
CREATE TEMP TABLE "_response_shuffle" AS SELECT * FROM "Response" ORDER BY random();
CREATE TEMP TABLE "_answer_shuffle" AS SELECT * FROM "Answer" ORDER BY random();
DELETE FROM "Response";
INSERT INTO "Response" SELECT * FROM "_response_shuffle";
INSERT INTO "Answer" SELECT * FROM "_answer_shuffle";
DROP TABLE "_response_shuffle";
DROP TABLE "_answer_shuffle";

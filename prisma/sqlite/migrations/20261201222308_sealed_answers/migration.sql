-- AlterTable
ALTER TABLE "Round" ADD COLUMN "emailStats" TEXT;
ALTER TABLE "Round" ADD COLUMN "releasedAt" DATETIME;
ALTER TABLE "Round" ADD COLUMN "tracesClearedAt" DATETIME;

-- CreateTable
CREATE TABLE "SealedResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "sealed" BLOB NOT NULL,
    CONSTRAINT "SealedResponse_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MailboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "template" TEXT NOT NULL DEFAULT '',
    "roundId" TEXT,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_MailboxMessage" ("createdAt", "html", "id", "messageId", "subject", "text", "toAddress") SELECT "createdAt", "html", "id", "messageId", "subject", "text", "toAddress" FROM "MailboxMessage";
DROP TABLE "MailboxMessage";
ALTER TABLE "new_MailboxMessage" RENAME TO "MailboxMessage";
CREATE UNIQUE INDEX "MailboxMessage_messageId_key" ON "MailboxMessage"("messageId");
CREATE INDEX "MailboxMessage_roundId_idx" ON "MailboxMessage"("roundId");
CREATE INDEX "MailboxMessage_template_createdAt_idx" ON "MailboxMessage"("template", "createdAt");
CREATE TABLE "new_Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "teamId" TEXT,
    "departmentId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "tokenHash" TEXT NOT NULL,
    "tokenCipher" TEXT,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Invitation_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Invitation" ("answered", "departmentId", "employeeId", "id", "locale", "roundId", "teamId", "tokenCipher", "tokenHash") SELECT "answered", "departmentId", "employeeId", "id", "locale", "roundId", "teamId", "tokenCipher", "tokenHash" FROM "Invitation";
DROP TABLE "Invitation";
ALTER TABLE "new_Invitation" RENAME TO "Invitation";
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
CREATE INDEX "Invitation_roundId_answered_idx" ON "Invitation"("roundId", "answered");
CREATE UNIQUE INDEX "Invitation_roundId_employeeId_key" ON "Invitation"("roundId", "employeeId");
CREATE TABLE "new_Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "teamId" TEXT,
    "departmentId" TEXT,
    CONSTRAINT "Response_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Hand-written: copied in a random order, so rowids no longer follow the order people answered in (Answer likewise below).
INSERT INTO "new_Response" ("departmentId", "id", "roundId", "teamId") SELECT "departmentId", "id", "roundId", "teamId" FROM "Response" ORDER BY random();
DROP TABLE "Response";
ALTER TABLE "new_Response" RENAME TO "Response";
CREATE INDEX "Response_roundId_departmentId_teamId_idx" ON "Response"("roundId", "departmentId", "teamId");
CREATE TABLE "_answer_shuffle" AS SELECT * FROM "Answer" ORDER BY random();
DELETE FROM "Answer";
INSERT INTO "Answer" SELECT * FROM "_answer_shuffle" ORDER BY rowid;
DROP TABLE "_answer_shuffle";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SealedResponse_roundId_idx" ON "SealedResponse"("roundId");

-- Data (hand-written): rounds closed before this version already had their responses written, so they count as
-- released; their per-person traces are reduced by the close-rounds job (tracesClearedAt is still null).
UPDATE "Round" SET "releasedAt" = "closedAt" WHERE "status" = 'closed';

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Answer" (
    "responseId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" INTEGER,
    "choices" TEXT,
    "comment" TEXT,

    PRIMARY KEY ("responseId", "questionId"),
    CONSTRAINT "Answer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "RoundQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Answer" ("choices", "comment", "questionId", "responseId", "value") SELECT "choices", "comment", "questionId", "responseId", "value" FROM "Answer";
DROP TABLE "Answer";
ALTER TABLE "new_Answer" RENAME TO "Answer";
CREATE INDEX "Answer_questionId_value_responseId_idx" ON "Answer"("questionId", "value", "responseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

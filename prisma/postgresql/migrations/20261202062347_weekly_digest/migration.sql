-- CreateTable
CREATE TABLE "DigestClaim" (
    "id" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "isoWeek" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestOptOut" (
    "employeeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestOptOut_pkey" PRIMARY KEY ("employeeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "DigestClaim_managerId_isoWeek_key" ON "DigestClaim"("managerId", "isoWeek");

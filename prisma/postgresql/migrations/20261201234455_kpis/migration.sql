-- CreateTable
CREATE TABLE "KpiSettings" (
    "id" INTEGER NOT NULL,
    "currency" TEXT,
    "fiscalYearStartMonth" INTEGER NOT NULL DEFAULT 1,
    "onTrackPoints" DOUBLE PRECISION NOT NULL DEFAULT 16.5,
    "atRiskPoints" DOUBLE PRECISION NOT NULL DEFAULT 33,
    "leaderboard" BOOLEAN NOT NULL DEFAULT true,
    "defaultGrain" TEXT NOT NULL DEFAULT 'month',
    "writeSeq" INTEGER NOT NULL DEFAULT 0,
    "definitionsVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KpiSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiMeasure" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "nameId" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL DEFAULT 0,
    "level" TEXT NOT NULL DEFAULT 'person',
    "grain" TEXT NOT NULL DEFAULT 'month',
    "aggregation" TEXT NOT NULL DEFAULT 'sum',
    "catalogue" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KpiMeasure_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Kpi" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "catalogue" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL DEFAULT '',
    "nameId" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "descriptionId" TEXT NOT NULL DEFAULT '',
    "formula" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Kpi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiValue" (
    "id" TEXT NOT NULL,
    "measureKey" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL DEFAULT '',
    "departmentId" TEXT NOT NULL DEFAULT '',
    "grain" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "monthIndex" INTEGER NOT NULL,
    "value" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KpiValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiTeamTotal" (
    "teamId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "measureKey" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "monthIndex" INTEGER NOT NULL,
    "total" BIGINT,
    "count" INTEGER NOT NULL,

    CONSTRAINT "KpiTeamTotal_pkey" PRIMARY KEY ("teamId","departmentId","measureKey","periodStart")
);

-- CreateTable
CREATE TABLE "KpiValueChange" (
    "id" TEXT NOT NULL,
    "valueId" TEXT NOT NULL,
    "oldValue" BIGINT,
    "newValue" BIGINT,
    "source" TEXT NOT NULL,
    "changedById" TEXT,
    "apiTokenId" TEXT,
    "importId" TEXT,
    "reason" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KpiValueChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiTarget" (
    "id" TEXT NOT NULL,
    "kpiId" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "periodKind" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KpiTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiImport" (
    "id" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "fileName" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "doneRows" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT NOT NULL DEFAULT '{}',
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "KpiImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiImportFile" (
    "importId" TEXT NOT NULL,
    "csv" TEXT NOT NULL,

    CONSTRAINT "KpiImportFile_pkey" PRIMARY KEY ("importId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Kpi_key_key" ON "Kpi"("key");

-- CreateIndex
CREATE INDEX "Kpi_active_position_idx" ON "Kpi"("active", "position");

-- CreateIndex
CREATE INDEX "KpiValue_teamId_monthIndex_idx" ON "KpiValue"("teamId", "monthIndex");

-- CreateIndex
CREATE INDEX "KpiValue_ownerKind_ownerId_monthIndex_idx" ON "KpiValue"("ownerKind", "ownerId", "monthIndex");

-- CreateIndex
CREATE UNIQUE INDEX "KpiValue_measureKey_ownerKind_ownerId_periodStart_key" ON "KpiValue"("measureKey", "ownerKind", "ownerId", "periodStart");

-- CreateIndex
CREATE INDEX "KpiTeamTotal_monthIndex_departmentId_idx" ON "KpiTeamTotal"("monthIndex", "departmentId");

-- CreateIndex
CREATE INDEX "KpiValueChange_valueId_changedAt_idx" ON "KpiValueChange"("valueId", "changedAt");

-- CreateIndex
CREATE INDEX "KpiTarget_ownerKind_ownerId_periodStart_idx" ON "KpiTarget"("ownerKind", "ownerId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "KpiTarget_kpiId_ownerKind_ownerId_periodKind_periodStart_key" ON "KpiTarget"("kpiId", "ownerKind", "ownerId", "periodKind", "periodStart");

-- CreateIndex
CREATE INDEX "KpiImport_status_claimedUntil_idx" ON "KpiImport"("status", "claimedUntil");

-- AddForeignKey
ALTER TABLE "KpiValue" ADD CONSTRAINT "KpiValue_measureKey_fkey" FOREIGN KEY ("measureKey") REFERENCES "KpiMeasure"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValueChange" ADD CONSTRAINT "KpiValueChange_valueId_fkey" FOREIGN KEY ("valueId") REFERENCES "KpiValue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiTarget" ADD CONSTRAINT "KpiTarget_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiImportFile" ADD CONSTRAINT "KpiImportFile_importId_fkey" FOREIGN KEY ("importId") REFERENCES "KpiImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

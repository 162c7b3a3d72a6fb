-- CreateTable
CREATE TABLE "GuideVersion" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "GuideVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuideAssignment" (
    "id" SERIAL NOT NULL,
    "guideVersionId" INTEGER NOT NULL,
    "chain" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,

    CONSTRAINT "GuideAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "investorName" TEXT NOT NULL,
    "investorKey" TEXT NOT NULL,
    "investorTradeKey" TEXT,
    "creditCode" TEXT,
    "creditCodeUnverified" BOOLEAN NOT NULL DEFAULT false,
    "chain" TEXT NOT NULL,
    "amountWan" INTEGER NOT NULL,
    "intent" TEXT NOT NULL,
    "intentNote" TEXT,
    "site" TEXT,
    "contact" TEXT,
    "unitId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "reportGuideVersionId" INTEGER NOT NULL,
    "conforms" BOOLEAN NOT NULL,
    "consultation" TEXT,
    "consultedAt" TIMESTAMP(3),
    "consultedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionReason" TEXT,
    "decisionGuideVersionId" INTEGER,
    "exclusiveUntil" TIMESTAMP(3),
    "statusNote" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectProgress" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Violation" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Violation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatrixItem" (
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "leadUnits" TEXT NOT NULL,
    "coopUnits" TEXT NOT NULL,
    "coopText" TEXT NOT NULL,
    "deadlineText" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,

    CONSTRAINT "MatrixItem_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "MatrixCycle" (
    "id" SERIAL NOT NULL,
    "itemNumber" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "leadUnitId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "basis" TEXT,
    "completedAt" TIMESTAMP(3),
    "completedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "confirmedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatrixCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatrixProgress" (
    "id" SERIAL NOT NULL,
    "cycleId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatrixProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayDay" (
    "date" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HolidayDay_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE UNIQUE INDEX "GuideVersion_year_version_key" ON "GuideVersion"("year", "version");

-- CreateIndex
CREATE UNIQUE INDEX "GuideAssignment_guideVersionId_chain_unitId_key" ON "GuideAssignment"("guideVersionId", "chain", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE INDEX "Project_creditCode_idx" ON "Project"("creditCode");

-- CreateIndex
CREATE INDEX "Project_investorKey_idx" ON "Project"("investorKey");

-- CreateIndex
CREATE INDEX "Project_investorTradeKey_idx" ON "Project"("investorTradeKey");

-- CreateIndex
CREATE INDEX "Project_unitId_status_idx" ON "Project"("unitId", "status");

-- CreateIndex
CREATE INDEX "Project_status_exclusiveUntil_idx" ON "Project"("status", "exclusiveUntil");

-- CreateIndex
CREATE INDEX "ProjectProgress_projectId_idx" ON "ProjectProgress"("projectId");

-- CreateIndex
CREATE INDEX "Violation_projectId_idx" ON "Violation"("projectId");

-- CreateIndex
CREATE INDEX "Violation_unitId_idx" ON "Violation"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "MatrixCycle_itemNumber_key_leadUnitId_key" ON "MatrixCycle"("itemNumber", "key", "leadUnitId");

-- CreateIndex
CREATE INDEX "MatrixCycle_status_dueDate_idx" ON "MatrixCycle"("status", "dueDate");

-- CreateIndex
CREATE INDEX "MatrixProgress_cycleId_idx" ON "MatrixProgress"("cycleId");

-- CreateIndex
CREATE INDEX "HolidayDay_year_idx" ON "HolidayDay"("year");

-- AddForeignKey
ALTER TABLE "GuideAssignment" ADD CONSTRAINT "GuideAssignment_guideVersionId_fkey" FOREIGN KEY ("guideVersionId") REFERENCES "GuideVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectProgress" ADD CONSTRAINT "ProjectProgress_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatrixCycle" ADD CONSTRAINT "MatrixCycle_itemNumber_fkey" FOREIGN KEY ("itemNumber") REFERENCES "MatrixItem"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatrixProgress" ADD CONSTRAINT "MatrixProgress_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "MatrixCycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

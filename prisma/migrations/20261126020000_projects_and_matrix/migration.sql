-- CreateTable
CREATE TABLE "GuideVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "note" TEXT
);

-- CreateTable
CREATE TABLE "GuideAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guideVersionId" INTEGER NOT NULL,
    "chain" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    CONSTRAINT "GuideAssignment_guideVersionId_fkey" FOREIGN KEY ("guideVersionId") REFERENCES "GuideVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "reportedAt" DATETIME NOT NULL,
    "reportGuideVersionId" INTEGER NOT NULL,
    "conforms" BOOLEAN NOT NULL,
    "consultation" TEXT,
    "consultedAt" DATETIME,
    "consultedBy" TEXT,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "decisionReason" TEXT,
    "decisionGuideVersionId" INTEGER,
    "exclusiveUntil" DATETIME,
    "statusNote" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProjectProgress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "ProjectProgress_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Violation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "Violation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatrixItem" (
    "number" INTEGER NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "leadUnits" TEXT NOT NULL,
    "coopUnits" TEXT NOT NULL,
    "coopText" TEXT NOT NULL,
    "deadlineText" TEXT NOT NULL,
    "schedule" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MatrixCycle" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemNumber" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "leadUnitId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "basis" TEXT,
    "completedAt" DATETIME,
    "completedBy" TEXT,
    "confirmedAt" DATETIME,
    "confirmedBy" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "MatrixCycle_itemNumber_fkey" FOREIGN KEY ("itemNumber") REFERENCES "MatrixItem" ("number") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatrixProgress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cycleId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "MatrixProgress_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "MatrixCycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HolidayDay" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL
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

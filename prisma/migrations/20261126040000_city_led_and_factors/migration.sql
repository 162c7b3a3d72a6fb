-- CreateTable
CREATE TABLE "CityLedCase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "fromUnitId" TEXT NOT NULL,
    "previousStatus" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evaluation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "proposedBy" TEXT NOT NULL,
    "proposedAt" DATETIME NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT,
    "meetingAt" DATETIME,
    "meetingSetAt" DATETIME,
    "meetingSetBy" TEXT,
    "hostUnitId" TEXT,
    "minutes" TEXT,
    "concludedBy" TEXT,
    "concludedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CityLedMember" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,
    CONSTRAINT "CityLedMember_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CityLedCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupportCase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "projectId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "amountWan" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestUnitId" TEXT NOT NULL,
    "bodyUnitId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "escalatedAt" DATETIME,
    "escalatedBy" TEXT,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProjectLand" (
    "projectId" INTEGER NOT NULL PRIMARY KEY,
    "areaMu" REAL NOT NULL,
    "outputWan" INTEGER NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LandRevitalisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" TEXT NOT NULL,
    "areaMu" REAL NOT NULL,
    "supplyYear" INTEGER NOT NULL,
    "rewardYear" INTEGER NOT NULL,
    "rewardMu" REAL NOT NULL,
    "projectId" INTEGER,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EnergyPool" (
    "year" INTEGER NOT NULL PRIMARY KEY,
    "tonnes" INTEGER NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL,
    "allocatedAt" DATETIME,
    "allocatedBy" TEXT
);

-- CreateTable
CREATE TABLE "EnergyRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "tonnes" INTEGER NOT NULL,
    "outputWan" INTEGER NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "outcome" TEXT,
    "grantedTonnes" INTEGER,
    "rank" INTEGER
);

-- CreateTable
CREATE TABLE "SubFund" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "sizeWan" INTEGER NOT NULL,
    "registeredBy" TEXT NOT NULL,
    "registeredAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FundDiligence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "fundId" INTEGER,
    "status" TEXT NOT NULL,
    "openedBy" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "suggestion" TEXT,
    "suggestedBy" TEXT,
    "suggestedAt" DATETIME,
    CONSTRAINT "FundDiligence_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "SubFund" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlatformScore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "guide" REAL NOT NULL,
    "landed" REAL NOT NULL,
    "investment" REAL NOT NULL,
    "ecosystem" REAL NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CityLedCase_projectId_idx" ON "CityLedCase"("projectId");

-- CreateIndex
CREATE INDEX "CityLedCase_status_meetingAt_idx" ON "CityLedCase"("status", "meetingAt");

-- CreateIndex
CREATE UNIQUE INDEX "CityLedMember_caseId_userId_key" ON "CityLedMember"("caseId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "SupportCase_code_key" ON "SupportCase"("code");

-- CreateIndex
CREATE INDEX "SupportCase_projectId_idx" ON "SupportCase"("projectId");

-- CreateIndex
CREATE INDEX "SupportCase_bodyUnitId_status_idx" ON "SupportCase"("bodyUnitId", "status");

-- CreateIndex
CREATE INDEX "LandRevitalisation_unitId_idx" ON "LandRevitalisation"("unitId");

-- CreateIndex
CREATE INDEX "LandRevitalisation_rewardYear_idx" ON "LandRevitalisation"("rewardYear");

-- CreateIndex
CREATE UNIQUE INDEX "EnergyRequest_year_projectId_key" ON "EnergyRequest"("year", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "SubFund_name_key" ON "SubFund"("name");

-- CreateIndex
CREATE INDEX "SubFund_chain_idx" ON "SubFund"("chain");

-- CreateIndex
CREATE INDEX "FundDiligence_projectId_idx" ON "FundDiligence"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformScore_year_unitId_key" ON "PlatformScore"("year", "unitId");

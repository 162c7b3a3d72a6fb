-- CreateTable
CREATE TABLE "CityLedCase" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "fromUnitId" TEXT NOT NULL,
    "previousStatus" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evaluation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "proposedBy" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "meetingAt" TIMESTAMP(3),
    "meetingSetAt" TIMESTAMP(3),
    "meetingSetBy" TEXT,
    "hostUnitId" TEXT,
    "minutes" TEXT,
    "concludedBy" TEXT,
    "concludedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CityLedCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CityLedMember" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CityLedMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportCase" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "projectId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "amountWan" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestUnitId" TEXT NOT NULL,
    "bodyUnitId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "escalatedAt" TIMESTAMP(3),
    "escalatedBy" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupportCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectLand" (
    "projectId" INTEGER NOT NULL,
    "areaMu" DOUBLE PRECISION NOT NULL,
    "outputWan" INTEGER NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectLand_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "LandRevitalisation" (
    "id" SERIAL NOT NULL,
    "unitId" TEXT NOT NULL,
    "areaMu" DOUBLE PRECISION NOT NULL,
    "supplyYear" INTEGER NOT NULL,
    "rewardYear" INTEGER NOT NULL,
    "rewardMu" DOUBLE PRECISION NOT NULL,
    "projectId" INTEGER,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LandRevitalisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnergyPool" (
    "year" INTEGER NOT NULL,
    "tonnes" INTEGER NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,
    "allocatedAt" TIMESTAMP(3),
    "allocatedBy" TEXT,

    CONSTRAINT "EnergyPool_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "EnergyRequest" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "tonnes" INTEGER NOT NULL,
    "outputWan" INTEGER NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "grantedTonnes" INTEGER,
    "rank" INTEGER,

    CONSTRAINT "EnergyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubFund" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "sizeWan" INTEGER NOT NULL,
    "registeredBy" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubFund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundDiligence" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "fundId" INTEGER,
    "status" TEXT NOT NULL,
    "openedBy" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "suggestion" TEXT,
    "suggestedBy" TEXT,
    "suggestedAt" TIMESTAMP(3),

    CONSTRAINT "FundDiligence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformScore" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "guide" DOUBLE PRECISION NOT NULL,
    "landed" DOUBLE PRECISION NOT NULL,
    "investment" DOUBLE PRECISION NOT NULL,
    "ecosystem" DOUBLE PRECISION NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformScore_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "CityLedMember" ADD CONSTRAINT "CityLedMember_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CityLedCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundDiligence" ADD CONSTRAINT "FundDiligence_fundId_fkey" FOREIGN KEY ("fundId") REFERENCES "SubFund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "Transfer" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "enterpriseName" TEXT NOT NULL,
    "creditCode" TEXT,
    "chain" TEXT NOT NULL,
    "fromUnitId" TEXT NOT NULL,
    "toUnitId" TEXT NOT NULL,
    "industryUnitId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "promise" TEXT,
    "originSharePct" DOUBLE PRECISION NOT NULL,
    "shareYears" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "roundStartedAt" TIMESTAMP(3) NOT NULL,
    "policyCheck" TEXT,
    "applicantId" TEXT NOT NULL,
    "applicantUnitId" TEXT NOT NULL,
    "guideVersionId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransferVote" (
    "id" SERIAL NOT NULL,
    "transferId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "seat" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "opinion" TEXT,
    "voterId" TEXT NOT NULL,
    "votedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TransferVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransferSupplement" (
    "id" SERIAL NOT NULL,
    "transferId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TransferSupplement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyFiling" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ratePct" DOUBLE PRECISION NOT NULL,
    "capWan" INTEGER,
    "years" INTEGER,
    "note" TEXT,
    "host" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "guideVersionId" INTEGER NOT NULL,
    "filedBy" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "PolicyFiling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyFinding" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "filingId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "excess" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "disposition" TEXT,
    "dispositionNote" TEXT,
    "disposedBy" TEXT,
    "disposedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Transfer_code_key" ON "Transfer"("code");

-- CreateIndex
CREATE INDEX "Transfer_status_idx" ON "Transfer"("status");

-- CreateIndex
CREATE INDEX "Transfer_fromUnitId_idx" ON "Transfer"("fromUnitId");

-- CreateIndex
CREATE INDEX "Transfer_toUnitId_idx" ON "Transfer"("toUnitId");

-- CreateIndex
CREATE UNIQUE INDEX "TransferVote_transferId_round_seat_key" ON "TransferVote"("transferId", "round", "seat");

-- CreateIndex
CREATE INDEX "TransferSupplement_transferId_idx" ON "TransferSupplement"("transferId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFiling_code_key" ON "PolicyFiling"("code");

-- CreateIndex
CREATE INDEX "PolicyFiling_chain_type_status_idx" ON "PolicyFiling"("chain", "type", "status");

-- CreateIndex
CREATE INDEX "PolicyFiling_unitId_status_idx" ON "PolicyFiling"("unitId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFinding_code_key" ON "PolicyFinding"("code");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFinding_filingId_key" ON "PolicyFinding"("filingId");

-- CreateIndex
CREATE INDEX "PolicyFinding_status_idx" ON "PolicyFinding"("status");

-- CreateIndex
CREATE INDEX "PolicyFinding_unitId_idx" ON "PolicyFinding"("unitId");

-- AddForeignKey
ALTER TABLE "TransferVote" ADD CONSTRAINT "TransferVote_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferSupplement" ADD CONSTRAINT "TransferSupplement_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyFinding" ADD CONSTRAINT "PolicyFinding_filingId_fkey" FOREIGN KEY ("filingId") REFERENCES "PolicyFiling"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "Transfer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "enterpriseName" TEXT NOT NULL,
    "creditCode" TEXT,
    "chain" TEXT NOT NULL,
    "fromUnitId" TEXT NOT NULL,
    "toUnitId" TEXT NOT NULL,
    "industryUnitId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "promise" TEXT,
    "originSharePct" REAL NOT NULL,
    "shareYears" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "roundStartedAt" DATETIME NOT NULL,
    "policyCheck" TEXT,
    "applicantId" TEXT NOT NULL,
    "applicantUnitId" TEXT NOT NULL,
    "guideVersionId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TransferVote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "transferId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "seat" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "opinion" TEXT,
    "voterId" TEXT NOT NULL,
    "votedAt" DATETIME NOT NULL,
    CONSTRAINT "TransferVote_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TransferSupplement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "transferId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    CONSTRAINT "TransferSupplement_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyFiling" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ratePct" REAL NOT NULL,
    "capWan" INTEGER,
    "years" INTEGER,
    "note" TEXT,
    "host" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "guideVersionId" INTEGER NOT NULL,
    "filedBy" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "supersededAt" DATETIME
);

-- CreateTable
CREATE TABLE "PolicyFinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "filingId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "excess" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "disposition" TEXT,
    "dispositionNote" TEXT,
    "disposedBy" TEXT,
    "disposedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyFinding_filingId_fkey" FOREIGN KEY ("filingId") REFERENCES "PolicyFiling" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

-- A 比拼政策 finding may be a transfer destination's promise above the hosts' filed policy (DESIGN §5.3),
-- so filingId becomes optional and the finding may name a transfer and its round instead.
-- RedefineTables (foreign keys are off while migrations run, so PolicyFindingOpinion rows stay).
CREATE TABLE "new_PolicyFinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "filingId" INTEGER,
    "transferId" INTEGER,
    "transferRound" INTEGER,
    "unitId" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "excess" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "disposition" TEXT,
    "dispositionNote" TEXT,
    "disposedBy" TEXT,
    "disposedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyFinding_filingId_fkey" FOREIGN KEY ("filingId") REFERENCES "PolicyFiling" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyFinding_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PolicyFinding" ("id", "code", "filingId", "unitId", "chain", "excess", "status", "disposition", "dispositionNote", "disposedBy", "disposedAt", "createdAt")
SELECT "id", "code", "filingId", "unitId", "chain", "excess", "status", "disposition", "dispositionNote", "disposedBy", "disposedAt", "createdAt" FROM "PolicyFinding";
DROP TABLE "PolicyFinding";
ALTER TABLE "new_PolicyFinding" RENAME TO "PolicyFinding";

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFinding_code_key" ON "PolicyFinding"("code");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFinding_filingId_key" ON "PolicyFinding"("filingId");

-- CreateIndex
CREATE INDEX "PolicyFinding_status_idx" ON "PolicyFinding"("status");

-- CreateIndex
CREATE INDEX "PolicyFinding_unitId_idx" ON "PolicyFinding"("unitId");

-- CreateIndex
CREATE INDEX "PolicyFinding_transferId_idx" ON "PolicyFinding"("transferId");

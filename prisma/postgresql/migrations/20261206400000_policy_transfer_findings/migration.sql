-- A 比拼政策 finding may be a transfer destination's promise above the hosts' filed policy (DESIGN §5.3),
-- so filingId becomes optional and the finding may name a transfer and its round instead.
-- AlterTable
ALTER TABLE "PolicyFinding" ALTER COLUMN "filingId" DROP NOT NULL,
ADD COLUMN "transferId" INTEGER,
ADD COLUMN "transferRound" INTEGER;

-- CreateIndex
CREATE INDEX "PolicyFinding_transferId_idx" ON "PolicyFinding"("transferId");

-- AddForeignKey
ALTER TABLE "PolicyFinding" ADD CONSTRAINT "PolicyFinding_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Transfer" ADD COLUMN "conclusionNote" TEXT;
ALTER TABLE "Transfer" ADD COLUMN "concludedBy" TEXT;

-- CreateTable
CREATE TABLE "TransferExecution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "transferId" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "TransferExecution_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TransferExecution_transferId_idx" ON "TransferExecution"("transferId");

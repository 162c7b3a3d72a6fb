-- AlterTable
ALTER TABLE "Transfer" ADD COLUMN     "conclusionNote" TEXT,
ADD COLUMN     "concludedBy" TEXT;

-- CreateTable
CREATE TABLE "TransferExecution" (
    "id" SERIAL NOT NULL,
    "transferId" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TransferExecution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TransferExecution_transferId_idx" ON "TransferExecution"("transferId");

-- AddForeignKey
ALTER TABLE "TransferExecution" ADD CONSTRAINT "TransferExecution_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "Transfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

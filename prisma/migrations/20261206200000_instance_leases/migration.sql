-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "InboundMessage" ADD COLUMN "claimedUntil" DATETIME;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedUntil" DATETIME;

-- AlterTable
ALTER TABLE "SupportCase" ADD COLUMN "screenedAt" DATETIME;
ALTER TABLE "SupportCase" ADD COLUMN "screenedBy" TEXT;
ALTER TABLE "SupportCase" ADD COLUMN "screeningNote" TEXT;

-- AlterTable
ALTER TABLE "SupportCase" ADD COLUMN     "screenedAt" TIMESTAMP(3),
ADD COLUMN     "screenedBy" TEXT,
ADD COLUMN     "screeningNote" TEXT;

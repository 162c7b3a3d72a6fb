-- AlterTable
ALTER TABLE "CityLedCase" ADD COLUMN     "coHostUnitIds" TEXT,
ADD COLUMN     "minutesRef" TEXT,
ADD COLUMN     "plan" TEXT,
ADD COLUMN     "planAt" TIMESTAMP(3),
ADD COLUMN     "planBy" TEXT;

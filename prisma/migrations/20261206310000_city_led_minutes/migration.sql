-- AlterTable
ALTER TABLE "CityLedCase" ADD COLUMN "coHostUnitIds" TEXT;
ALTER TABLE "CityLedCase" ADD COLUMN "minutesRef" TEXT;
ALTER TABLE "CityLedCase" ADD COLUMN "plan" TEXT;
ALTER TABLE "CityLedCase" ADD COLUMN "planAt" DATETIME;
ALTER TABLE "CityLedCase" ADD COLUMN "planBy" TEXT;

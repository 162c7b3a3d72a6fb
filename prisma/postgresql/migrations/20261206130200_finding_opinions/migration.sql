-- CreateTable
CREATE TABLE "PolicyFindingOpinion" (
    "id" SERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "givenBy" TEXT NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyFindingOpinion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFindingOpinion_findingId_unitId_key" ON "PolicyFindingOpinion"("findingId", "unitId");

-- AddForeignKey
ALTER TABLE "PolicyFindingOpinion" ADD CONSTRAINT "PolicyFindingOpinion_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "PolicyFinding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

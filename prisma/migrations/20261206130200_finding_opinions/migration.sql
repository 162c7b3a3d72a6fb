-- CreateTable
CREATE TABLE "PolicyFindingOpinion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "findingId" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "givenBy" TEXT NOT NULL,
    "givenAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyFindingOpinion_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "PolicyFinding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PolicyFindingOpinion_findingId_unitId_key" ON "PolicyFindingOpinion"("findingId", "unitId");

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "job" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedUntil" DATETIME NOT NULL,
    "finishedAt" DATETIME,

    PRIMARY KEY ("job", "dueAt")
);

-- CreateIndex
CREATE INDEX "ScheduledRun_finishedAt_claimedUntil_idx" ON "ScheduledRun"("finishedAt", "claimedUntil");

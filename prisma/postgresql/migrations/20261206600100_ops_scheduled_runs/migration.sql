-- CreateTable
CREATE TABLE "ScheduledRun" (
    "job" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedUntil" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScheduledRun_pkey" PRIMARY KEY ("job", "dueAt")
);

-- CreateIndex
CREATE INDEX "ScheduledRun_finishedAt_claimedUntil_idx" ON "ScheduledRun"("finishedAt", "claimedUntil");

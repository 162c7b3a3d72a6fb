-- CreateTable
CREATE TABLE "DeadlineTask" (
    "taskKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recordId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "command" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "DeadlineTask_pkey" PRIMARY KEY ("taskKey")
);

-- CreateTable
CREATE TABLE "PlatformTask" (
    "platformId" TEXT NOT NULL,
    "taskUuid" TEXT,
    "answer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformTask_pkey" PRIMARY KEY ("platformId")
);

-- CreateIndex
CREATE INDEX "DeadlineTask_status_idx" ON "DeadlineTask"("status");

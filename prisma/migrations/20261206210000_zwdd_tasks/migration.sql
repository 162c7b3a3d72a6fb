-- CreateTable
CREATE TABLE "DeadlineTask" (
    "taskKey" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "recordId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "command" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PlatformTask" (
    "platformId" TEXT NOT NULL PRIMARY KEY,
    "taskUuid" TEXT,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DeadlineTask_status_idx" ON "DeadlineTask"("status");

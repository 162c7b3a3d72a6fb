-- CreateTable
CREATE TABLE "RuleValue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RuleApplication" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "ruleValueId" INTEGER,
    "appliedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RuleValue_ruleId_id_idx" ON "RuleValue"("ruleId", "id");

-- CreateIndex
CREATE INDEX "RuleApplication_recordId_idx" ON "RuleApplication"("recordId");

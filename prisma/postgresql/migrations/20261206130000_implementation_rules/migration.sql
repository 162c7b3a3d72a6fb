-- CreateTable
CREATE TABLE "RuleValue" (
    "id" SERIAL NOT NULL,
    "ruleId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RuleValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleApplication" (
    "id" SERIAL NOT NULL,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "ruleValueId" INTEGER,
    "appliedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RuleApplication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleValue_ruleId_id_idx" ON "RuleValue"("ruleId", "id");

-- CreateIndex
CREATE INDEX "RuleApplication_recordId_idx" ON "RuleApplication"("recordId");

-- CreateTable
CREATE TABLE "CallbackSignature" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CallbackSignature_expiresAt_idx" ON "CallbackSignature"("expiresAt");

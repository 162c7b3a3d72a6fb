-- CreateTable
CREATE TABLE "CallbackSignature" (
    "key" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallbackSignature_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "CallbackSignature_expiresAt_idx" ON "CallbackSignature"("expiresAt");

-- CreateTable
CREATE TABLE "ApiUsage" (
    "month" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ApiUsage_pkey" PRIMARY KEY ("month", "path")
);

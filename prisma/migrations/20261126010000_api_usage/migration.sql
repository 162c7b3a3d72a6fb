-- CreateTable
CREATE TABLE "ApiUsage" (
    "month" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("month", "path")
);

import type { Tx } from '../tx.ts';

export const apiUsageRepository = {
  async add(tx: Tx, month: string, path: string, calls: number): Promise<void> {
    await tx.$executeRaw`INSERT INTO "ApiUsage" ("month", "path", "count") VALUES (${month}, ${path}, ${calls})
      ON CONFLICT ("month", "path") DO UPDATE SET "count" = "ApiUsage"."count" + excluded."count"`;
  },

  async total(tx: Tx, month: string): Promise<number> {
    const result = await tx.apiUsage.aggregate({ where: { month }, _sum: { count: true } });
    return result._sum.count ?? 0;
  },

  async byPath(tx: Tx, month: string): Promise<{ path: string; count: number }[]> {
    return tx.apiUsage.findMany({ where: { month }, select: { path: true, count: true }, orderBy: { count: 'desc' } });
  },
};

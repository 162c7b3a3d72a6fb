import type { Tx } from '../tx.ts';

export const sequenceRepository = {
  /** Next value of a named counter, starting at 1; atomic inside the caller's transaction. */
  async next(tx: Tx, name: string): Promise<number> {
    // Raw: the query builder's upsert costs several times the statement (every /首报 takes a number).
    const [row] = await tx.$queryRaw<{ value: number | bigint }[]>`INSERT INTO "Sequence" ("name", "value")
      VALUES (${name}, 1)
      ON CONFLICT ("name") DO UPDATE SET "value" = "Sequence"."value" + 1 RETURNING "value"`;
    return Number(row!.value);
  },

  /** The value stored under `name`, storing `initial` first if there is none; never changes afterwards. */
  async valueOrInit(tx: Tx, name: string, initial: number): Promise<number> {
    const row = await tx.sequence.upsert({
      where: { name },
      create: { name, value: initial },
      update: {},
      select: { value: true },
    });
    return row.value;
  },
};

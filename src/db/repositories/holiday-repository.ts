import type { Tx } from '../tx.ts';
import type { DayKind, HolidayEntry } from '../../domain/matrix/working-days.ts';

export interface ImportedYear {
  year: number;
  days: number;
  importedBy: string;
  importedAt: Date;
}

export const holidayRepository = {
  async listImported(tx: Tx): Promise<HolidayEntry[]> {
    const rows = await tx.holidayDay.findMany({
      select: { date: true, kind: true, name: true },
      orderBy: { date: 'asc' },
    });
    return rows.map((r) => ({ date: r.date, kind: r.kind as DayKind, name: r.name }));
  },

  /** An import is a year's whole schedule: it replaces whatever was imported for that year. */
  async replaceYear(
    tx: Tx,
    year: number,
    entries: readonly HolidayEntry[],
    importedBy: string,
    now: Date,
  ): Promise<number> {
    const removed = await tx.holidayDay.deleteMany({ where: { year } });
    await tx.holidayDay.createMany({
      data: entries.map((e) => ({ date: e.date, year, kind: e.kind, name: e.name, importedBy, importedAt: now })),
    });
    return removed.count;
  },

  async importedYear(tx: Tx, year: number): Promise<ImportedYear | null> {
    const rows = await tx.holidayDay.findMany({
      where: { year },
      select: { importedBy: true, importedAt: true },
      orderBy: { importedAt: 'desc' },
    });
    const latest = rows[0];
    return latest === undefined
      ? null
      : { year, days: rows.length, importedBy: latest.importedBy, importedAt: latest.importedAt };
  },
};

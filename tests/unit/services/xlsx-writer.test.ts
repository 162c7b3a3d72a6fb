import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth, sheetName, XlsxFile } from '../../../src/services/xlsx-writer.ts';
import { tempDir } from '../../helpers/test-bot.ts';

const dir = tempDir('yipanqi-xlsx-');
afterAll(() => dir.remove());

describe('displayWidth', () => {
  it('counts a Chinese or full-width character as two columns', () => {
    expect(displayWidth('编号')).toBe(4);
    expect(displayWidth('ZS-2026-0001')).toBe(12);
    expect(displayWidth('投资额（万元）')).toBe(14);
  });
});

describe('sheetName', () => {
  it('removes the characters Excel refuses and keeps at most 31 characters', () => {
    expect(sheetName('第5项 完善重大产业项目招引"一事一议"制度/[试行]?', new Set())).toBe(
      '第5项 完善重大产业项目招引"一事一议"制度  试行',
    );
    expect([...sheetName('第12项 '.padEnd(60, '长'), new Set())]).toHaveLength(31);
  });

  it('makes a repeated name unique without growing past 31 characters', () => {
    const taken = new Set(['汇总', '一'.repeat(31)]);
    expect(sheetName('汇总', taken)).toBe('汇总(2)');
    const long = sheetName('一'.repeat(40), taken);
    expect([...long]).toHaveLength(31);
    expect(long.endsWith('(2)')).toBe(true);
  });

  it('never returns an empty name', () => {
    expect(sheetName('///', new Set())).toBe('Sheet');
  });
});

describe('XlsxFile', () => {
  it('writes typed cells: Shanghai wall time, calendar days, integers, and empty cells for nothing', async () => {
    const path = `${dir.path}/t.xlsx`;
    const file = await XlsxFile.create(path, {
      creator: '测试',
      title: '测试台账',
      created: new Date('2026-11-26T01:00:00Z'),
    });
    const sheet = file.sheet<{ at: Date | null; day: string; n: number }>('表', [
      { header: '时间', kind: 'datetime', value: (r) => r.at },
      { header: '日期', kind: 'date', value: (r) => r.day },
      { header: '数量', kind: 'integer', value: (r) => r.n },
    ]);
    sheet.add({ at: new Date('2026-12-31T16:30:00Z'), day: '2027-01-01', n: 3 });
    sheet.add({ at: null, day: '', n: 0 });
    expect(sheet.rows).toBe(2);
    await file.commit();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
    const ws = book.getWorksheet('表')!;
    // 16:30 UTC on 31 December is 00:30 on 1 January in Shanghai.
    expect((ws.getCell('A2').value as Date).toISOString()).toBe('2027-01-01T00:30:00.000Z');
    expect((ws.getCell('B2').value as Date).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(ws.getCell('C2').value).toBe(3);
    expect(ws.getCell('A3').value).toBeNull();
    expect(ws.getCell('B3').value).toBeNull();
    expect(book.creator).toBe('测试');
    expect(ws.autoFilter).toBe('A1:C1');
  });
});

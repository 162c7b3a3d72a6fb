import { createWriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { shanghaiWallClock } from '../domain/matrix/dates.ts';

/**
 * A thin layer over exceljs's streaming writer for ledgers a clerk filters and sorts: every sheet has
 * one frozen, filterable header row, widths that fit its columns, real date and number cells. Rows
 * are written as they come, so a large ledger never sits in memory whole.
 */

export type ColumnKind = 'text' | 'longtext' | 'integer' | 'wan' | 'datetime' | 'date';

export interface SheetColumn<R> {
  header: string;
  kind: ColumnKind;
  /** Width in characters (a Chinese character counts two); defaults by kind, never narrower than the header. */
  width?: number;
  /** 'date' columns take a Shanghai calendar day 'YYYY-MM-DD'; 'datetime' columns an instant. */
  value(row: R): string | number | Date | null;
}

const DEFAULT_WIDTH: Record<ColumnKind, number> = {
  text: 16,
  longtext: 40,
  integer: 10,
  wan: 14,
  datetime: 18,
  date: 12,
};

const NUMBER_FORMAT: Partial<Record<ColumnKind, string>> = {
  integer: '0',
  wan: '#,##0',
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
};

const EXCEL_SHEET_NAME_MAX = 31;
/** The filter arrow covers part of the header cell. */
const FILTER_ARROW_WIDTH = 3;
const HEADER_FILL = 'FFDCE6F5';

/** Display width in Excel character units: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

/** Excel refuses : \ / ? * [ ] in sheet names and more than 31 characters. */
export function sheetName(name: string, taken: ReadonlySet<string>): string {
  const clean =
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  const chars = [...clean];
  let candidate = chars.slice(0, EXCEL_SHEET_NAME_MAX).join('');
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = `(${n})`;
    candidate = chars.slice(0, EXCEL_SHEET_NAME_MAX - suffix.length).join('') + suffix;
  }
  return candidate;
}

function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function cellValue(kind: ColumnKind, value: string | number | Date | null): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  // Excel cells have no time zone: an instant is written as the wall-clock time in Shanghai.
  if (kind === 'datetime' && value instanceof Date) return shanghaiWallClock(value);
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  return value;
}

export class SheetWriter<R> {
  private rowCount = 0;

  constructor(
    private readonly sheet: ExcelJS.Worksheet,
    private readonly columns: readonly SheetColumn<R>[],
  ) {}

  add(row: R): void {
    const added = this.sheet.addRow(this.columns.map((column) => cellValue(column.kind, column.value(row))));
    added.commit();
    this.rowCount += 1;
  }

  get rows(): number {
    return this.rowCount;
  }

  commit(): void {
    this.sheet.commit();
  }
}

export class XlsxFile {
  private readonly names = new Set<string>();
  private open: { commit(): void } | null = null;

  private constructor(private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter) {}

  /** exceljs is loaded on the first export, not at start-up: it costs most of a second to load. */
  static async create(path: string, meta: { creator: string; title: string; created: Date }): Promise<XlsxFile> {
    const { default: excel } = await import('exceljs');
    // Ledgers name investors and officers: readable by the bot's user alone, never overwriting a file.
    const stream = createWriteStream(path, { mode: 0o600, flags: 'wx' });
    const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
    workbook.creator = meta.creator;
    workbook.lastModifiedBy = meta.creator;
    workbook.title = meta.title;
    workbook.created = meta.created;
    workbook.modified = meta.created;
    return new XlsxFile(workbook);
  }

  /** Starts the next sheet; the previous one is finished first (a streaming workbook writes sheets in order). */
  sheet<R>(name: string, columns: readonly SheetColumn<R>[]): SheetWriter<R> {
    this.open?.commit();
    const unique = sheetName(name, this.names);
    this.names.add(unique.toLowerCase());
    const sheet = this.workbook.addWorksheet(unique, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2' }],
    });
    sheet.columns = columns.map((column, index) => ({
      header: column.header,
      key: `c${index}`,
      width: Math.max(column.width ?? DEFAULT_WIDTH[column.kind], displayWidth(column.header) + FILTER_ARROW_WIDTH),
      style: {
        ...(NUMBER_FORMAT[column.kind] === undefined ? {} : { numFmt: NUMBER_FORMAT[column.kind] }),
        alignment: { vertical: 'top', wrapText: column.kind === 'longtext' },
      },
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    header.border = { bottom: { style: 'thin' } };
    header.commit();
    sheet.autoFilter = `A1:${columnLetter(Math.max(columns.length, 1))}1`;
    const writer = new SheetWriter<R>(sheet, columns);
    this.open = writer;
    return writer;
  }

  async commit(): Promise<void> {
    this.open?.commit();
    this.open = null;
    await this.workbook.commit();
  }
}

import type { IParagraphOptions, IRunOptions, ParagraphChild, Table as TableType } from 'docx';

/**
 * Word drafts in the layout of 党政机关公文 (GB/T 9704-2012): A4; 版心 156 mm × 225 mm with 天头 37 mm and
 * 订口 28 mm; title in 2号 方正小标宋简体, centred; body in 3号 仿宋_GB2312 on a document grid of
 * 22 lines × 28 characters (GB/T 9704-2012 §7.1; issue 15 asked for 28 lines, which the standard does not
 * give); headings 一、 in 黑体 and （一） in 楷体;
 * 主送机关 flush left; 落款 and 成文日期 right; page numbers in 4号 宋体 as "— 1 —", right on odd pages
 * and left on even ones. Every page carries the 草稿 mark: the bot drafts, officers issue.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading1'; text: string }
  | { kind: 'heading2'; text: string }
  | { kind: 'table'; headers: string[]; rows: (string | number)[][]; widths?: number[] }
  | { kind: 'image'; png: Buffer; width: number; height: number; caption: string };

export interface OfficialDocument {
  /** The 草稿 mark at the top right of the first page, and the header line of every page. */
  draftMark: string;
  draftHeader: string;
  /** A 简报 masthead: the publication's name in red, its issue line, the editor and date, and a red rule. */
  masthead?: { name: string; issue: string; editor: string; date: string };
  title: string;
  /** 主送机关, ending with a full-width colon. */
  recipient: string | null;
  blocks: Block[];
  /** 落款 and 成文日期. */
  signature: string;
  date: string;
  /** 版记 lines (抄送, 印发), under a rule at the end. */
  record?: string[];
  meta: { title: string; creator: string; description: string };
}

const MM_TWIP = 1440 / 25.4;
const mm = (value: number) => Math.round(value * MM_TWIP);

export const PAGE = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;
export const BODY_LINES = 22;
export const BODY_CHARS = 28;
const BODY_HEIGHT_MM = PAGE.height - PAGE.top - PAGE.bottom; // 225
const BODY_WIDTH_MM = PAGE.width - PAGE.left - PAGE.right; // 156

/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, table: 24, mark: 32 } as const;
export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** The document grid: line pitch in twentieths of a point; character pitch as the delta to 3号 × 4096 (ECMA-376 §17.6.5). */
export const GRID = {
  linePitch: Math.floor(mm(BODY_HEIGHT_MM) / BODY_LINES),
  charSpace: Math.round((mm(BODY_WIDTH_MM) / BODY_CHARS / 20 - SIZE.body / 2) * 4096),
};

const RED = 'C00000';
/** The body's printable width in pixels at 96 dpi, for pictures. */
const BODY_WIDTH_PX = Math.floor((BODY_WIDTH_MM / 25.4) * 96);

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

export async function renderOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const d = await import('docx');
  const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
    new d.TextRun({ text, font: font(FONT.body), size: SIZE.body, ...options });
  const paragraph = (children: ParagraphChild[], options: Omit<IParagraphOptions, 'children'> = {}) =>
    new d.Paragraph({ children, ...options });

  const table = (block: Extract<Block, { kind: 'table' }>): TableType => {
    const columns = block.headers.length;
    const total = mm(BODY_WIDTH_MM);
    const widths = block.widths ?? Array.from({ length: columns }, () => Math.floor(total / columns));
    const cell = (text: string, header: boolean, alignRight: boolean) =>
      new d.TableCell({
        verticalAlign: d.VerticalAlignTable.CENTER,
        children: [
          paragraph([run(text, { size: SIZE.table, font: font(header ? FONT.heading1 : FONT.body) })], {
            alignment: header ? d.AlignmentType.CENTER : alignRight ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
          }),
        ],
      });
    return new d.Table({
      width: { size: total, type: d.WidthType.DXA },
      columnWidths: widths,
      rows: [
        new d.TableRow({ tableHeader: true, children: block.headers.map((h) => cell(h, true, false)) }),
        ...block.rows.map(
          (row) =>
            new d.TableRow({
              cantSplit: true,
              children: row.map((value) => cell(String(value), false, typeof value === 'number')),
            }),
        ),
      ],
    });
  };

  const body: (InstanceType<typeof d.Paragraph> | TableType)[] = [];
  body.push(
    paragraph([run(doc.draftMark, { font: font(FONT.heading1), size: SIZE.mark, color: RED })], {
      alignment: d.AlignmentType.RIGHT,
    }),
  );
  if (doc.masthead !== undefined) {
    const m = doc.masthead;
    body.push(
      paragraph([run(m.name, { font: font(FONT.title), size: 72, color: RED })], {
        alignment: d.AlignmentType.CENTER,
        spacing: { before: 240, after: 240 },
      }),
    );
    body.push(paragraph([run(m.issue)], { alignment: d.AlignmentType.CENTER }));
    body.push(
      paragraph([run(m.editor), new d.TextRun({ text: '\t' }), run(m.date)], {
        tabStops: [{ type: d.TabStopType.RIGHT, position: mm(BODY_WIDTH_MM) }],
        border: { bottom: { style: d.BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      }),
    );
  }
  body.push(
    paragraph([run(doc.title, { font: font(FONT.title), size: SIZE.title })], {
      alignment: d.AlignmentType.CENTER,
      spacing: { before: 240, after: 240 },
    }),
  );
  if (doc.recipient !== null) body.push(paragraph([run(doc.recipient)]));
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'paragraph':
        body.push(
          paragraph([run(block.text)], { indent: { firstLine: SIZE.body * 20 }, alignment: d.AlignmentType.JUSTIFIED }),
        );
        break;
      case 'heading1':
        body.push(
          paragraph([run(block.text, { font: font(FONT.heading1) })], { indent: { firstLine: SIZE.body * 20 } }),
        );
        break;
      case 'heading2':
        body.push(
          paragraph([run(block.text, { font: font(FONT.heading2) })], { indent: { firstLine: SIZE.body * 20 } }),
        );
        break;
      case 'table':
        body.push(table(block));
        break;
      case 'image': {
        const width = Math.min(BODY_WIDTH_PX, block.width);
        const height = Math.round((block.height * width) / block.width);
        body.push(
          paragraph(
            [
              new d.ImageRun({
                type: 'png',
                data: block.png,
                transformation: { width, height },
                altText: { name: block.caption, description: block.caption, title: block.caption },
              }),
            ],
            {
              alignment: d.AlignmentType.CENTER,
            },
          ),
        );
        body.push(paragraph([run(block.caption, { size: SIZE.table })], { alignment: d.AlignmentType.CENTER }));
        break;
      }
    }
  }
  // 落款 and 成文日期: right, 4 characters in from the right edge, with a blank line before.
  body.push(paragraph([run('')]));
  body.push(
    paragraph([run(doc.signature)], { alignment: d.AlignmentType.RIGHT, indent: { right: SIZE.body * 20 * 2 } }),
  );
  body.push(paragraph([run(doc.date)], { alignment: d.AlignmentType.RIGHT, indent: { right: SIZE.body * 20 * 2 } }));
  if (doc.record !== undefined && doc.record.length > 0) {
    body.push(
      paragraph([run('')], { border: { bottom: { style: d.BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } }),
    );
    for (const line of doc.record)
      body.push(paragraph([run(line, { size: SIZE.pageNumber })], { indent: { left: SIZE.pageNumber * 10 } }));
  }

  const pageNumber = (alignment: (typeof d.AlignmentType)[keyof typeof d.AlignmentType]) =>
    new d.Footer({
      children: [
        paragraph(
          [
            new d.TextRun({ text: '— ', font: font(FONT.pageNumber), size: SIZE.pageNumber }),
            new d.TextRun({ children: [d.PageNumber.CURRENT], font: font(FONT.pageNumber), size: SIZE.pageNumber }),
            new d.TextRun({ text: ' —', font: font(FONT.pageNumber), size: SIZE.pageNumber }),
          ],
          {
            alignment,
            indent:
              alignment === d.AlignmentType.RIGHT ? { right: SIZE.pageNumber * 10 } : { left: SIZE.pageNumber * 10 },
          },
        ),
      ],
    });
  const draftHeader = new d.Header({
    children: [
      paragraph([run(doc.draftHeader, { size: SIZE.table, color: RED })], { alignment: d.AlignmentType.CENTER }),
    ],
  });

  const document = new d.Document({
    creator: doc.meta.creator,
    title: doc.meta.title,
    description: doc.meta.description,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(PAGE.width), height: mm(PAGE.height) },
            margin: {
              top: mm(PAGE.top),
              bottom: mm(PAGE.bottom),
              left: mm(PAGE.left),
              right: mm(PAGE.right),
              header: mm(15),
              footer: mm(28) - mm(7),
            },
          },
          grid: { type: d.DocumentGridType.LINES_AND_CHARS, linePitch: GRID.linePitch, charSpace: GRID.charSpace },
        },
        headers: { default: draftHeader, even: draftHeader },
        footers: { default: pageNumber(d.AlignmentType.RIGHT), even: pageNumber(d.AlignmentType.LEFT) },
        children: body,
      },
    ],
  });
  return d.Packer.toBuffer(document);
}

/**
 * 成文日期 as GB/T 9704-2012 §7.3.5.1 writes it: Arabic numerals, the year in full, no leading zeros
 * (2026年12月6日). Issue 15 asked for Chinese numerals (二〇二六年…), the form of the superseded 1999 edition.
 */
export function documentDate(year: number, month: number, day: number): string {
  return `${year}年${month}月${day}日`;
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';
import { ledgerRepository } from '../db/repositories/ledger-repository.ts';
import type { ProjectRow } from '../db/repositories/project-repository.ts';
import { matrixRepository, type MatrixCycleRow, type MatrixItemRow } from '../db/repositories/matrix-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import { currentCycle } from '../domain/matrix/cycles.ts';
import { daysBetween, shanghaiDate, shanghaiDay, shanghaiWallClock } from '../domain/matrix/dates.ts';
import { periodLastDay } from '../domain/projects/exclusivity.ts';
import { PROJECT_STATUSES, STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import { formatDateTime } from '../messages/format.ts';
import { workflowLedgerMessages } from '../messages/workflow-ledgers.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import type { UseCase } from './use-case.ts';
import { buildWorkflowLedger, type Names, type WorkflowSubject } from './workflow-ledgers.ts';
import { XlsxFile, type SheetColumn } from './xlsx-writer.ts';
import { unitNamer } from '../domain/org/units.ts';

const t = zhCN.exports;

export type ExportSubject = 'projects' | 'matrix' | WorkflowSubject;

const SUBJECT_WORDS: Record<ExportSubject, readonly string[]> = {
  projects: ['项目', '首报', '项目台账', 'project', 'projects'],
  matrix: ['台账', '责任分解', '责任分解表', 'matrix', 'ledger'],
  transfers: ['流转', '存量流转', 'transfer', 'transfers'],
  support: ['一事一议', 'case', 'cases'],
  findings: ['比拼', '比拼政策', '政策备案', 'policy', 'overbid'],
  violations: ['违规', '违规记录', 'violation', 'violations'],
  land: ['用地', '土地', 'land'],
  energy: ['能耗', 'energy'],
  funds: ['基金', 'fund', 'funds'],
  platforms: ['平台评价', '平台', 'platform', 'platforms'],
  cityLed: ['市级主谈', '主谈', 'citylead'],
};

/** Where the file goes: into the conversation the command came from, or privately to the requester. */
export type ExportDelivery = 'here' | 'private';

export interface LedgerExport {
  /** The summary answered where the command was typed. */
  reply: Message;
  /** The XLSX file itself, to deliver according to `delivery`. */
  file: Message;
}

export function parseExportSubject(input: string | undefined): ExportSubject {
  if (input === undefined || input.trim() === '') throw new UserError(t.missing());
  const word = input.trim().toLowerCase();
  const subject = (Object.keys(SUBJECT_WORDS) as ExportSubject[]).find((s) => SUBJECT_WORDS[s].includes(word));
  if (subject === undefined) throw new UserError(t.unknownSubject({ input: input.trim() }));
  return subject;
}

/**
 * `/导出`: writes the ledger as an XLSX file under a random, unguessable name in `filesDir`, audits
 * the export with the file's SHA-256 (so a copy found later can be matched to who exported it), and
 * returns the summary and the file message.
 */
export async function exportLedger(
  uc: UseCase,
  subject: ExportSubject,
  options: { filesDir: string | undefined; delivery: ExportDelivery },
): Promise<LedgerExport> {
  if (options.filesDir === undefined)
    throw new Error('settings.filesDir is not configured; exports need a folder to write to');
  await mkdir(options.filesDir, { recursive: true, mode: 0o700 });
  const path = join(options.filesDir, `${randomBytes(16).toString('hex')}.xlsx`);
  const code = await nextExportCode(uc);
  const stamp = fileStamp(uc.now);
  const names = await nameLookup(uc);
  const written =
    subject === 'projects'
      ? await writeProjects(uc, path, code, names)
      : subject === 'matrix'
        ? await writeMatrix(uc, path, code, names)
        : await writeWorkflow(uc, subject, path, code, names);
  const fileName = t.fileName({ title: written.title, stamp });
  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  await appendAudit(uc, {
    action: `export.${subject}`,
    recordType: 'Export',
    recordId: code,
    after: { fileName, rows: written.rowCount, sheets: written.sheetCount, sha256 },
  });
  return {
    reply: {
      kind: 'markdown',
      title: written.title,
      markdown: t.done({
        title: written.title,
        code,
        rows: written.rows,
        sheets: written.sheets,
        fileName,
        delivery: options.delivery,
      }),
    },
    file: {
      kind: 'file',
      title: fileName,
      text: t.fileCaption({ title: written.title, code }),
      file: { name: fileName, path },
    },
  };
}

/** DC-2026-0001: one sequence for every file the bot hands out (ledgers, 通报, 简报), so /审计 <code> finds any of them. */
export async function nextExportCode(uc: UseCase): Promise<string> {
  const { year } = shanghaiDay(uc.now);
  return `DC-${year}-${String(await sequenceRepository.next(uc.tx, `export:${year}`)).padStart(4, '0')}`;
}

interface Written {
  title: string;
  /** The size of the ledger in words, for the reply. */
  rows: string;
  rowCount: number;
  sheetCount: number;
  /** The sheets as the reply lists them. */
  sheets: string[];
}

async function nameLookup(uc: UseCase): Promise<Names> {
  const [units, users] = await Promise.all([orgRepository.listUnits(uc.tx), orgRepository.listUsers(uc.tx)]);
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  return { unit: unitNamer(units), user: (id) => (id === null ? '' : (userNames.get(id) ?? id)) };
}

/** 20261126_0930 in Shanghai time: sorts by name and tells two exports of one day apart. */
export function fileStamp(now: Date): string {
  return shanghaiWallClock(now).toISOString().slice(0, 16).replace(/-/g, '').replace('T', '_').replace(':', '');
}

function aboutSheet(file: XlsxFile, p: { title: string; code: string; at: Date; by: string }): void {
  const headers = t.aboutHeaders;
  const sheet = file.sheet<readonly [string, string]>(t.aboutSheet(), [
    { header: headers.field, kind: 'text', width: 12, value: (r) => r[0] },
    { header: headers.value, kind: 'longtext', width: 70, value: (r) => r[1] },
  ]);
  for (const row of t.about({ title: p.title, code: p.code, at: formatDateTime(p.at), by: p.by })) sheet.add(row);
}

// ---------------------------------------------------------------------------------------------
// 首报项目台账: a summary by unit and status, then one sheet per status

async function writeProjects(uc: UseCase, path: string, code: string, names: Names): Promise<Written> {
  const title = t.projects.title();
  const file = await XlsxFile.create(path, { creator: t.creator(), title, created: uc.now });
  const counts = await ledgerRepository.countByUnitAndStatus(uc.tx);
  const violations = await ledgerRepository.violationCounts(uc.tx);

  interface SummaryRow {
    unit: string;
    counts: Partial<Record<ProjectStatus, number>>;
    total: number;
    amountWan: number;
  }
  const byUnit = new Map<string, SummaryRow>();
  const total: SummaryRow = { unit: t.projects.totalRow(), counts: {}, total: 0, amountWan: 0 };
  for (const c of counts) {
    const row = byUnit.get(c.unitId) ?? { unit: names.unit(c.unitId), counts: {}, total: 0, amountWan: 0 };
    for (const target of [row, total]) {
      target.counts[c.status] = (target.counts[c.status] ?? 0) + c.count;
      target.total += c.count;
      target.amountWan += c.amountWan;
    }
    byUnit.set(c.unitId, row);
  }
  const sh = t.projects.summaryHeaders;
  const summary = file.sheet<SummaryRow>(t.projects.summarySheet(), [
    { header: sh.unit, kind: 'text', width: 22, value: (r) => r.unit },
    ...PROJECT_STATUSES.map(
      (status): SheetColumn<SummaryRow> => ({
        header: STATUS_LABELS[status],
        kind: 'integer',
        value: (r) => r.counts[status] ?? 0,
      }),
    ),
    { header: sh.total, kind: 'integer', value: (r) => r.total },
    { header: sh.amount, kind: 'wan', width: 18, value: (r) => r.amountWan },
  ]);
  for (const row of [...byUnit.values()].sort((a, b) => b.total - a.total || a.unit.localeCompare(b.unit, 'zh-CN')))
    summary.add(row);
  summary.add(total);

  const h = t.projects.headers;
  const columns: SheetColumn<ProjectRow>[] = [
    { header: h.code, kind: 'text', width: 14, value: (p) => p.code },
    { header: h.name, kind: 'text', width: 28, value: (p) => p.name },
    { header: h.investor, kind: 'text', width: 30, value: (p) => p.investorName },
    { header: h.creditCode, kind: 'text', width: 21, value: (p) => p.creditCode },
    { header: h.chain, kind: 'text', width: 14, value: (p) => p.chain },
    { header: h.amount, kind: 'wan', value: (p) => p.amountWan },
    {
      header: h.intent,
      kind: 'text',
      width: 18,
      value: (p) => (p.intentNote ? `${p.intent}：${p.intentNote}` : p.intent),
    },
    { header: h.site, kind: 'text', value: (p) => p.site },
    { header: h.contact, kind: 'text', width: 12, value: (p) => p.contact },
    { header: h.unit, kind: 'text', width: 18, value: (p) => names.unit(p.unitId) },
    { header: h.reporter, kind: 'text', width: 10, value: (p) => names.user(p.reporterId) },
    { header: h.status, kind: 'text', width: 10, value: (p) => STATUS_LABELS[p.status] },
    { header: h.reportedAt, kind: 'datetime', value: (p) => p.reportedAt },
    { header: h.conforms, kind: 'text', width: 8, value: (p) => (p.conforms ? t.projects.yes() : t.projects.no()) },
    { header: h.consultation, kind: 'longtext', width: 30, value: (p) => p.consultation },
    { header: h.consultedAt, kind: 'datetime', value: (p) => p.consultedAt },
    { header: h.decidedAt, kind: 'datetime', value: (p) => p.decidedAt },
    { header: h.decidedBy, kind: 'text', width: 10, value: (p) => names.user(p.decidedBy) },
    { header: h.decisionReason, kind: 'longtext', width: 30, value: (p) => p.decisionReason },
    {
      header: h.exclusiveUntil,
      kind: 'date',
      value: (p) => (p.exclusiveUntil === null ? null : periodLastDay(p.exclusiveUntil)),
    },
    { header: h.statusNote, kind: 'longtext', width: 30, value: (p) => p.statusNote },
    { header: h.violations, kind: 'integer', value: (p) => violations.get(p.id) ?? 0 },
  ];
  const sheets = [t.projects.summarySheet()];
  for (const status of PROJECT_STATUSES) {
    const sheet = file.sheet(STATUS_LABELS[status], columns);
    for await (const page of ledgerRepository.projectsWithStatus(uc.tx, status))
      for (const project of page) sheet.add(project);
    sheets.push(STATUS_LABELS[status]);
  }
  aboutSheet(file, { title, code, at: uc.now, by: uc.actorName ?? uc.actorId });
  sheets.push(t.aboutSheet());
  await file.commit();
  return {
    title,
    rows: t.projects.rows({ projects: total.total, units: byUnit.size }),
    rowCount: total.total,
    sheetCount: sheets.length,
    sheets,
  };
}

// ---------------------------------------------------------------------------------------------
// 责任分解表落实台账: the overview, one sheet per item with its cycle history, then every progress note

async function writeMatrix(uc: UseCase, path: string, code: string, names: Names): Promise<Written> {
  const title = t.matrix.title();
  const file = await XlsxFile.create(path, { creator: t.creator(), title, created: uc.now });
  const today = shanghaiDate(uc.now);
  const [items, cycles, progress] = await Promise.all([
    matrixRepository.listItems(uc.tx),
    matrixRepository.listCycles(uc.tx),
    ledgerRepository.matrixProgress(uc.tx),
  ]);
  const statusLabel = zhCN.matrix.statusLabel;
  const daysLeft = (c: MatrixCycleRow) => (c.status === 'OPEN' ? daysBetween(today, c.dueDate) : null);

  const oh = t.matrix.overviewHeaders;
  const overview = file.sheet<{ item: MatrixItemRow; cycle: MatrixCycleRow | undefined }>(t.matrix.overviewSheet(), [
    { header: oh.number, kind: 'integer', width: 6, value: (r) => r.item.number },
    { header: oh.name, kind: 'longtext', width: 30, value: (r) => r.item.name },
    { header: oh.leads, kind: 'text', width: 22, value: (r) => r.item.leadUnitIds.map(names.unit).join('、') },
    { header: oh.cooperating, kind: 'longtext', width: 30, value: (r) => r.item.cooperatingText },
    { header: oh.deadlineText, kind: 'longtext', width: 40, value: (r) => r.item.deadlineText },
    { header: oh.current, kind: 'text', width: 26, value: (r) => r.cycle?.label ?? null },
    { header: oh.dueDate, kind: 'date', value: (r) => r.cycle?.dueDate ?? null },
    { header: oh.lead, kind: 'text', width: 18, value: (r) => (r.cycle ? names.unit(r.cycle.leadUnitId) : null) },
    { header: oh.status, kind: 'text', width: 22, value: (r) => (r.cycle ? statusLabel[r.cycle.status] : null) },
    { header: oh.daysLeft, kind: 'integer', value: (r) => (r.cycle ? daysLeft(r.cycle) : null) },
  ]);
  for (const item of items) {
    for (const lead of item.leadUnitIds) {
      overview.add({
        item,
        cycle: currentCycle(
          cycles.filter((c) => c.itemNumber === item.number && c.leadUnitId === lead),
          today,
        ),
      });
    }
  }

  const ch = t.matrix.cycleHeaders;
  const latestNote = new Map<string, string>();
  for (const p of progress) latestNote.set(`${p.itemNumber}|${p.cycleKey}`, p.note);
  const cycleColumns: SheetColumn<MatrixCycleRow>[] = [
    { header: ch.key, kind: 'text', width: 12, value: (c) => c.key },
    { header: ch.label, kind: 'text', width: 30, value: (c) => c.label },
    { header: ch.dueDate, kind: 'date', value: (c) => c.dueDate },
    { header: ch.lead, kind: 'text', width: 18, value: (c) => names.unit(c.leadUnitId) },
    { header: ch.status, kind: 'text', width: 22, value: (c) => statusLabel[c.status] },
    { header: ch.daysLeft, kind: 'integer', value: daysLeft },
    { header: ch.basis, kind: 'longtext', width: 30, value: (c) => c.basis },
    { header: ch.completedAt, kind: 'datetime', value: (c) => c.completedAt },
    { header: ch.completedBy, kind: 'text', width: 10, value: (c) => names.user(c.completedBy) },
    { header: ch.ruledAt, kind: 'datetime', value: (c) => c.confirmedAt },
    { header: ch.ruledBy, kind: 'text', width: 10, value: (c) => names.user(c.confirmedBy) },
    {
      header: ch.latestNote,
      kind: 'longtext',
      width: 36,
      value: (c) => latestNote.get(`${c.itemNumber}|${c.key}`) ?? null,
    },
  ];
  for (const item of items) {
    const sheet = file.sheet(t.matrix.itemSheet({ number: item.number, name: item.name }), cycleColumns);
    for (const cycle of cycles.filter((c) => c.itemNumber === item.number)) sheet.add(cycle);
  }

  const ph = t.matrix.progressHeaders;
  const itemName = new Map(items.map((i) => [i.number, i.name]));
  const notes = file.sheet<(typeof progress)[number]>(t.matrix.progressSheet(), [
    { header: ph.number, kind: 'integer', width: 6, value: (p) => p.itemNumber },
    { header: ph.name, kind: 'text', width: 28, value: (p) => itemName.get(p.itemNumber) ?? '' },
    { header: ph.cycle, kind: 'text', width: 26, value: (p) => p.cycleLabel },
    { header: ph.unit, kind: 'text', width: 18, value: (p) => names.unit(p.unitId) },
    { header: ph.note, kind: 'longtext', width: 50, value: (p) => p.note },
    { header: ph.by, kind: 'text', width: 10, value: (p) => names.user(p.recordedBy) },
    { header: ph.at, kind: 'datetime', value: (p) => p.recordedAt },
  ]);
  for (const note of progress) notes.add(note);
  aboutSheet(file, { title, code, at: uc.now, by: uc.actorName ?? uc.actorId });
  await file.commit();
  const first = items[0]?.number ?? 0;
  const last = items.at(-1)?.number ?? 0;
  return {
    title,
    rows: t.matrix.rows({ items: items.length, cycles: cycles.length, notes: progress.length }),
    rowCount: cycles.length,
    sheetCount: items.length + 3,
    sheets: [t.matrix.overviewSheet(), t.matrix.itemSheets({ first, last }), t.matrix.progressSheet(), t.aboutSheet()],
  };
}

// ---------------------------------------------------------------------------------------------
// The coordination workflows' ledgers: their sheets, then 说明

async function writeWorkflow(
  uc: UseCase,
  subject: WorkflowSubject,
  path: string,
  code: string,
  names: Names,
): Promise<Written> {
  const ledger = await buildWorkflowLedger(uc.tx, subject, names);
  const file = await XlsxFile.create(path, { creator: t.creator(), title: ledger.title, created: uc.now });
  for (const sheet of ledger.sheets) sheet.writeTo(file);
  aboutSheet(file, { title: ledger.title, code, at: uc.now, by: uc.actorName ?? uc.actorId });
  await file.commit();
  const rowCount = ledger.sheets.reduce((n, s) => n + s.rows, 0);
  const sheets = [...ledger.sheets.map((s) => s.name), t.aboutSheet()];
  return {
    title: ledger.title,
    rows: workflowLedgerMessages.rows({ rows: rowCount, sheets: sheets.length }),
    rowCount,
    sheetCount: sheets.length,
    sheets,
  };
}

import { UserError } from '../../app/errors.ts';
import type { Message } from '../../app/receiver.ts';
import { jobRunRepository } from '../../db/repositories/job-run-repository.ts';
import { addDays, shanghaiDate, shanghaiMoment } from '../../domain/matrix/dates.ts';
import type { WorkingDayCalendar } from '../../domain/matrix/working-days.ts';
import { parsePeriod, previousPeriod, type Period } from '../../domain/stats/period.ts';
import type { WorkflowStats } from '../../domain/stats/workflow-stats.ts';
import { formatWan } from '../../domain/parsing/amount.ts';
import { DISPOSITION_LABELS, type Disposition } from '../../domain/policies/findings.ts';
import { chartMessages } from '../../messages/charts.ts';
import { documentMessages } from '../../messages/documents.ts';
import { formatDate } from '../../messages/format.ts';
import { periodName, raceFormula } from '../../messages/workflow-stats.ts';
import { renderPng } from '../charts/render.ts';
import { matrixChartOf, projectsChartOf, raceChartOf } from '../dashboard-charts.ts';
import { loadWorkingDayCalendar } from '../matrix-calendar.ts';
import { notify } from '../notify.ts';
import { collectDashboard, collectWorkflowStats } from '../stats.ts';
import type { UseCase } from '../use-case.ts';
import { saveGeneratedFile } from './generated-file.ts';
import { documentDateOf } from './notices.ts';
import { renderOfficialDocument, type Block, type OfficialDocument } from './official-document.ts';

const t = documentMessages.briefing;

export type BriefingKind = 'month' | 'quarter';
const KIND_WORDS: Record<BriefingKind, readonly string[]> = {
  month: ['月', '月度', '月报', 'month'],
  quarter: ['季度', '季', '季报', 'quarter'],
};

/** `/简报 月|季度 [<期间>]`: the period named, or the month or quarter that ended last. */
export function parseBriefingPeriod(kindInput: string | undefined, periodInput: string | undefined, now: Date): Period {
  const word = (kindInput ?? '').trim().toLowerCase();
  const kind = (Object.keys(KIND_WORDS) as BriefingKind[]).find((k) => KIND_WORDS[k].includes(word));
  if (kind === undefined) throw new UserError(t.unknownKind({ input: kindInput ?? '' }));
  const today = shanghaiDate(now);
  if (periodInput === undefined || periodInput.trim() === '') return previousPeriod(kind, today);
  const parsed = parsePeriod(periodInput, today);
  if (!parsed.ok || parsed.period.kind !== kind)
    throw new UserError(
      t.wrongPeriod({ input: periodInput, kind: kind === 'month' ? '月份（如 2026-11）' : '季度（如 2026Q4）' }),
    );
  return parsed.period;
}

/** The 简报's tables and pictures for a period; its figures are /统计 <期间>'s (collectWorkflowStats). */
export async function buildBriefing(uc: UseCase, period: Period): Promise<OfficialDocument> {
  const [stats, dashboard] = await Promise.all([
    collectWorkflowStats(uc.tx, period, uc.now),
    collectDashboard(uc.tx, uc.now),
  ]);
  const name = periodName(period);
  const title = t.title({ period: name });
  const total = stats.total;
  const charts = [
    { spec: projectsChartOf(dashboard), title: chartMessages.projectsTitle() },
    { spec: raceChartOf(stats), title: chartMessages.raceTitle({ period: name }) },
    { spec: matrixChartOf(dashboard), title: chartMessages.matrixTitle() },
  ];
  const pictures = await Promise.all(charts.map(async (c) => ({ ...(await renderPng(c.spec)), title: c.title })));
  const activeUnits = stats.units.filter(
    (u) => u.reports + u.grants + u.conflicts + u.denials + u.expiries + u.signings + u.landings > 0,
  );
  const race = stats.race.filter((r) => r.reports + r.conversions > 0);

  const blocks: Block[] = [
    { kind: 'heading1', text: t.overview() },
    { kind: 'paragraph', text: t.overviewText({ period: name, ...total }) },
    { kind: 'heading1', text: t.units() },
    {
      kind: 'table',
      headers: [...t.unitHeaders],
      rows: [
        ...activeUnits.map((u) => [
          u.unitName,
          u.reports,
          u.grants,
          u.conflicts,
          u.denials,
          u.expiries,
          u.signings,
          u.landings,
          u.reportedWan,
          u.landedWan,
        ]),
        [
          t.totalRow(),
          total.reports,
          total.grants,
          total.conflicts,
          total.denials,
          total.expiries,
          total.signings,
          total.landings,
          total.reportedWan,
          total.landedWan,
        ],
      ],
      widths: [1700, 600, 700, 600, 600, 600, 600, 600, 1100, 1100],
    },
    { kind: 'paragraph', text: t.unitsNote() },
    { kind: 'heading1', text: t.race() },
    race.length === 0
      ? { kind: 'paragraph', text: t.raceEmpty() }
      : {
          kind: 'table',
          headers: [...t.raceHeaders],
          rows: race.map((r) => [
            r.rank,
            r.unitName,
            r.conversions,
            r.landedWan,
            `${Math.round(r.conformance * 1000) / 10}%`,
            r.score,
          ]),
        },
    { kind: 'paragraph', text: `${raceFormula(stats.raceWeights)}。` },
    { kind: 'heading1', text: t.coordination() },
    { kind: 'table', headers: [...t.coordinationHeaders], rows: coordinationRows(stats), widths: [2200, 6644] },
    { kind: 'heading1', text: t.matrix() },
    {
      kind: 'table',
      headers: [...t.matrixHeaders],
      rows: [
        [
          stats.matrix.due,
          stats.matrix.onTime,
          stats.matrix.late,
          stats.matrix.open,
          stats.matrix.continuousDue,
          stats.matrix.continuousNoted,
        ],
      ],
    },
    { kind: 'heading1', text: t.charts() },
    ...pictures.map(
      (p, i): Block => ({
        kind: 'image',
        png: p.png,
        width: p.width,
        height: p.height,
        caption: t.chartCaption({ n: i + 1, title: p.title }),
      }),
    ),
  ];
  const date = documentDateOf(uc.now);
  return {
    draftMark: documentMessages.draftMark(),
    draftHeader: documentMessages.draftHeader(),
    masthead: {
      name: t.name(),
      issue: t.issue({
        year: period.year,
        number: period.index ?? 1,
        kind: period.kind === 'quarter' ? 'quarter' : 'month',
      }),
      editor: t.editor(),
      date: formatDate(uc.now),
    },
    title,
    recipient: null,
    blocks,
    signature: documentMessages.issuer(),
    date,
    record: t.record({ date: formatDate(uc.now) }),
    meta: { title, creator: documentMessages.creator(), description: documentMessages.draftHeader() },
  };
}

function coordinationRows(s: WorkflowStats): string[][] {
  const dispositions = Object.entries(s.findings.dispositions).map(
    ([d, n]) => `${DISPOSITION_LABELS[d as Disposition] ?? d} ${n}`,
  );
  return t.coordinationRows({
    transfers: `新申请 ${s.transfers.opened} 件，同意 ${s.transfers.approved} 件，不同意 ${s.transfers.rejected} 件${s.transfers.sharing.length > 0 ? `；约定利益共享 ${s.transfers.sharing.length} 件` : ''}`,
    support: `新申请 ${s.support.requests} 件，金额 ${formatWan(s.support.amountWan)}${s.support.bodies.length > 0 ? `（${s.support.bodies.map((b) => `${b.unitName} ${b.requests} 件`).join('，')}）` : ''}`,
    findings: `新发现 ${s.findings.opened} 起，已处置 ${s.findings.disposed} 起${dispositions.length > 0 ? `（${dispositions.join('、')}）` : ''}`,
    violations: `${s.violations} 起${
      s.units.some((u) => u.violations > 0)
        ? `（${s.units
            .filter((u) => u.violations > 0)
            .map((u) => `${u.unitName} ${u.violations}`)
            .join('、')}）`
        : ''
    }`,
    cityLed: `提出 ${s.cityLed.proposed} 个，批准 ${s.cityLed.approved} 个，不批准 ${s.cityLed.declined} 个，形成纪要 ${s.cityLed.concluded} 个`,
    factors: `盘活存量土地 ${s.factors.landMu} 亩；能耗申请 ${s.factors.energyRequests} 件 ${s.factors.energyTonnes} 吨标煤；基金尽调 ${s.factors.diligences} 项`,
  });
}

async function briefingFile(
  uc: UseCase,
  period: Period,
  filesDir: string | undefined,
  trigger: 'command' | 'schedule',
) {
  const document = await buildBriefing(uc, period);
  const bytes = await renderOfficialDocument(document);
  const saved = await saveGeneratedFile(uc, {
    filesDir,
    bytes,
    extension: 'docx',
    fileName: (stamp) => t.fileName({ title: document.title, stamp }),
    caption: (code) => `${document.title}（草稿，${code}）`,
    action: 'document.briefing',
    details: { period: period.key, title: document.title, trigger },
  });
  return { document, saved };
}

/** `/简报 月|季度 [<期间>]`: the 工作简报 as a Word draft, audited like an export. */
export async function draftBriefing(
  uc: UseCase,
  period: Period,
  filesDir: string | undefined,
): Promise<{ reply: Message; file: Message }> {
  const { document, saved } = await briefingFile(uc, period, filesDir, 'command');
  return {
    reply: {
      kind: 'text',
      title: document.title,
      text: t.done({ title: document.title, code: saved.code, fileName: saved.fileName }),
    },
    file: saved.file,
  };
}

export const BRIEFING_HOUR = 9;

/** The first working day of the month `today` is in (holidays and 调休 honoured). */
function firstWorkingDayOfMonth(calendar: WorkingDayCalendar, today: string): string {
  let day = `${today.slice(0, 7)}-01`;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The monthly 简报 for the month just ended goes to the leaders' group as a file on the first working
 * day of the month at 09:00, once per month: the JobRun key and the notice commit in one transaction,
 * so a second tick, a restart or a clock jump sends nothing twice. A bot that was down then sends it
 * at the next run on a working day after 09:00 in that month, never at night or on a day off; a bot
 * first started after the due moment starts with the next month.
 */
export async function sendMonthlyBriefing(uc: UseCase, filesDir: string | undefined): Promise<boolean> {
  const today = shanghaiDate(uc.now);
  const calendar = await loadWorkingDayCalendar(uc.tx);
  const due = shanghaiMoment(firstWorkingDayOfMonth(calendar, today), BRIEFING_HOUR);
  // The first run ever marks the deployment: a 简报 due before the bot existed is not sent.
  const since = await jobRunRepository.firstClaimed(uc.tx, 'briefing:since', uc.now);
  if (uc.now < due || since > due || !calendar.isWorkingDay(today) || uc.now < shanghaiMoment(today, BRIEFING_HOUR))
    return false;
  const period = previousPeriod('month', today);
  if (!(await jobRunRepository.claim(uc.tx, `briefing:month:${period.key}`, uc.now))) return false;
  const { document, saved } = await briefingFile(uc, period, filesDir, 'schedule');
  await notify(
    uc,
    { purpose: 'LEADERS' },
    { ...saved.file, text: t.scheduledCaption({ title: document.title, code: saved.code }) },
    { dedupeKey: `briefing:month:${period.key}` },
  );
  return true;
}

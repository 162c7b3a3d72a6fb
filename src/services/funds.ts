/**
 * Fund coordination use cases (policy 五(三); DESIGN §6): 市国资委 registers key-industry sub-funds per
 * chain, runs due diligence on the projects the chains are pursuing and records investment suggestions,
 * which support the city's 一事一议 decisions — a suggestion on a project with a pending case is shown
 * on the case and sent to the body deciding it.
 */
import { UserError } from '../app/errors.ts';
import { fundRepository } from '../db/repositories/fund-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { parseAmountWan } from '../domain/parsing/amount.ts';
import { STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import { formatDateTime } from '../messages/format.ts';
import { fundDiligenceNotice, fundRegisteredNotice, fundSuggestedNotice } from '../messages/funds.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide, MAX_CHAIN_NAME } from './layout-guide.ts';
import { notify } from './notify.ts';
import { loadProjectByCode, resolveChain } from './project-lookup.ts';
import { pendingCasesOf } from './support-cases.ts';
import type { UseCase } from './use-case.ts';
import { IPB_UNIT } from '../domain/org/units.ts';

const t = zhCN.coordination.fund;
/** Projects the chains are pursuing (盯引): reported, held, city-led or signed. */
const PURSUED: readonly ProjectStatus[] = ['PENDING', 'EXCLUSIVE', 'CITY_LED', 'SIGNED'];
const MAX_FUND_NAME = 50;
const MAX_SUGGESTION = 1000;
const LIST_LIMIT = 50;

export interface FundInput {
  name: string;
  chain: string;
  size: string;
}

export interface FundRegisteredOutcome {
  kind: 'registered';
  name: string;
  chain: string;
  sizeWan: number;
}

export async function registerFund(uc: UseCase, input: FundInput): Promise<FundRegisteredOutcome> {
  const name = input.name.trim();
  if ([...name].length > MAX_FUND_NAME) throw new UserError(t.refusals.tooLong({ field: '名称', max: MAX_FUND_NAME }));
  if ([...input.chain].length > MAX_CHAIN_NAME)
    throw new UserError(t.refusals.tooLong({ field: '产业链', max: MAX_CHAIN_NAME }));
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.refusals.noGuide());
  const match = resolveChain(guide, input.chain);
  if ('unknown' in match) throw new UserError(t.refusals.unknownChain({ input: input.chain, chains: match.unknown }));
  if ('ambiguous' in match)
    throw new UserError(t.refusals.ambiguousChain({ input: input.chain, candidates: match.ambiguous }));
  const size = parseAmountWan(input.size);
  if (!size.ok) throw new UserError(t.refusals.size({ input: input.size }));
  if ((await fundRepository.findFundByName(uc.tx, name)) !== null)
    throw new UserError(t.refusals.duplicateName({ name }));

  await fundRepository.createFund(
    uc.tx,
    { name, chain: match.chain, sizeWan: size.wan, registeredBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'fund.register',
    recordType: 'SubFund',
    recordId: name,
    after: { chain: match.chain, sizeWan: size.wan },
  });
  await notify(uc, { unitId: IPB_UNIT }, fundRegisteredNotice({ name, chain: match.chain, sizeWan: size.wan }));
  return { kind: 'registered', name, chain: match.chain, sizeWan: size.wan };
}

/** `funds`: the names of the project's chain's sub-funds (none: the city platform may invest directly). */
export interface DiligenceOpenedOutcome {
  kind: 'opened';
  code: string;
  name: string;
  funds: string[];
}

export async function openDiligence(uc: UseCase, codeInput: string): Promise<DiligenceOpenedOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  if (!PURSUED.includes(project.status))
    throw new UserError(t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] }));
  const open = await fundRepository.openDiligenceOf(uc.tx, project.id);
  if (open !== null)
    throw new UserError(t.refusals.alreadyOpen({ code: project.code, at: formatDateTime(open.openedAt) }));
  const funds = await fundRepository.fundsOfChain(uc.tx, project.chain);
  await fundRepository.openDiligence(
    uc.tx,
    { projectId: project.id, fundId: funds[0]?.id ?? null, openedBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'fund.diligence',
    recordType: 'FundDiligence',
    recordId: project.code,
    after: { status: 'OPEN', fund: funds[0]?.name ?? null },
  });
  const notice = fundDiligenceNotice({ code: project.code, name: project.name });
  await notify(uc, { unitId: IPB_UNIT }, notice);
  await notify(uc, { unitId: project.unitId }, notice);
  return { kind: 'opened', code: project.code, name: project.name, funds: funds.map((f) => f.name) };
}

/** `cases`: the codes of the project's pending 一事一议 cases the suggestion was attached to. */
export interface SuggestionRecordedOutcome {
  kind: 'recorded';
  code: string;
  cases: string[];
}

export async function recordSuggestion(
  uc: UseCase,
  codeInput: string,
  suggestionInput: string,
): Promise<SuggestionRecordedOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const suggestion = suggestionInput.trim();
  if ([...suggestion].length > MAX_SUGGESTION)
    throw new UserError(t.refusals.tooLong({ field: '投资建议', max: MAX_SUGGESTION }));
  const open = await fundRepository.openDiligenceOf(uc.tx, project.id);
  if (
    open === null ||
    !(await fundRepository.recordSuggestion(uc.tx, open.id, { suggestion, suggestedBy: uc.actorId }, uc.now))
  ) {
    throw new UserError(t.refusals.noDiligence({ code: project.code }));
  }
  await appendAudit(uc, {
    action: 'fund.suggest',
    recordType: 'FundDiligence',
    recordId: project.code,
    before: { status: 'OPEN' },
    after: { status: 'DONE', suggestion },
  });
  const notice = fundSuggestedNotice({ code: project.code, name: project.name, suggestion });
  await notify(uc, { unitId: IPB_UNIT }, notice);
  if (project.unitId !== IPB_UNIT) await notify(uc, { unitId: project.unitId }, notice);
  const cases = await pendingCasesOf(uc.tx, project.id);
  for (const found of cases) {
    await notify(
      uc,
      { unitId: found.bodyUnitId },
      zhCN.coordination.support.notices.suggestion({ code: found.code, project: project.code, suggestion }),
    );
  }
  return { kind: 'recorded', code: project.code, cases: cases.map((c) => c.code) };
}

/** `open`: the diligences awaiting a suggestion, oldest first, at most LIST_LIMIT. */
export interface FundOverviewOutcome {
  kind: 'overview';
  funds: { name: string; chain: string; sizeWan: number; registeredAt: Date }[];
  open: { code: string; name: string; openedAt: Date; fund: string | null }[];
}

export async function fundOverview(uc: UseCase): Promise<FundOverviewOutcome> {
  const funds = await fundRepository.listFunds(uc.tx);
  const open = await fundRepository.listOpenDiligences(uc.tx, LIST_LIMIT);
  const projects = await projectRefRepository.byIds(
    uc.tx,
    open.map((d) => d.projectId),
  );
  return {
    kind: 'overview',
    funds: funds.map((f) => ({ name: f.name, chain: f.chain, sizeWan: f.sizeWan, registeredAt: f.registeredAt })),
    open: open.map((d) => {
      const project = projects.get(d.projectId);
      return { code: project?.code ?? '', name: project?.name ?? '', openedAt: d.openedAt, fund: d.fundName };
    }),
  };
}

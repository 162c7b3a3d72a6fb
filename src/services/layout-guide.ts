/**
 * The layout guide (《布局导引》, policy 二(二)): IPB keeps it, every decision on a report reads it
 * (三(一), 四(一)). Versioned by year; an edit never changes a version in place but writes a new one
 * (the previous version's assignments plus the change), so a decision can record the exact version it
 * relied on.
 */
import { UserError } from '../app/errors.ts';
import { guideRepository, type GuideVersionRow, type UnitViolationRow } from '../db/repositories/guide-repository.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import type { Tx } from '../db/tx.ts';
import { matchUnits, unitNamer } from '../domain/org/units.ts';
import { toHalfWidth } from '../domain/parsing/width.ts';
import {
  guideChains,
  hostUnitIds,
  matchChain,
  parseGuideCsv,
  type GuideAssignmentView,
} from '../domain/projects/layout-guide.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import { findUnitByInput } from './org.ts';
import type { UseCase } from './use-case.ts';

export interface GuideView {
  id: number;
  year: number;
  version: number;
  createdAt: Date;
  assignments: { chain: string; unitId: string; unitName: string }[];
}

/** A guide version together with what the edit that produced it changed. */
export interface GuideEdit extends GuideView {
  change: { chain: string; unitId: string; unitName: string; newChain: boolean; chainGone: boolean };
}

/** A guide version written by an import, with its difference from the version it replaced. */
export interface GuideImport extends GuideView {
  added: GuideView['assignments'];
  removed: GuideView['assignments'];
}

/** Unit kinds a guide may name as hosts: 各区、县（市） and their industrial platforms. */
const HOST_KINDS: readonly UnitRow['kind'][] = ['DISTRICT', 'PLATFORM'];

/** Longest chain name accepted from a command (the guide's names are short: 集成电路, 生物医药…). */
export const MAX_CHAIN_NAME = 30;

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function isGuideYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

function shanghaiYear(now: Date): number {
  return shanghaiDay(now).year;
}

async function toView(tx: Tx, row: GuideVersionRow, units?: readonly UnitRow[]): Promise<GuideView> {
  const unitName = unitNamer(units ?? (await orgRepository.listUnits(tx)));
  return {
    id: row.id,
    year: row.year,
    version: row.version,
    createdAt: row.createdAt,
    assignments: row.assignments.map((a) => ({ chain: a.chain, unitId: a.unitId, unitName: unitName(a.unitId) })),
  };
}

/** The guide in force in `year`: its latest version, or the latest earlier year's when that year has none. */
export async function guideForYear(tx: Tx, year: number): Promise<GuideView | null> {
  const row = await guideRepository.latestForYear(tx, year);
  return row === null ? null : toView(tx, row);
}

/** The guide in force now and the violations on record against `unitId`: what a /首报 is checked against, in one read. */
export async function reportBasis(
  tx: Tx,
  now: Date,
  unitId: string,
): Promise<{ guide: GuideView | null; unitViolations: UnitViolationRow[] }> {
  const { guide, unitViolations } = await guideRepository.reportBasis(tx, shanghaiYear(now), unitId);
  return { guide: guide === null ? null : await toView(tx, guide), unitViolations };
}

/** The guide in force now (the year is taken in Asia/Shanghai). */
export async function currentGuide(tx: Tx, now: Date): Promise<GuideView | null> {
  return guideForYear(tx, shanghaiYear(now));
}

/** The version's note (e.g. that the seeded guide is demo data), for display. */
export async function guideNote(tx: Tx, id: number): Promise<string | null> {
  return (await guideRepository.byId(tx, id))?.note ?? null;
}

/** The guide grouped by chain, in the guide's order, with host unit names. */
export function guideByChain(view: GuideView): { chain: string; units: string[] }[] {
  return guideChains(view).map((chain) => ({
    chain,
    units: view.assignments.filter((a) => a.chain === chain).map((a) => a.unitName),
  }));
}

/** One chain of the guide and its hosts, from what an officer typed; refuses an unknown or ambiguous chain. */
export function chainHostsOf(view: GuideView, input: string): { chain: string; units: string[] } {
  const chain = existingChain(view.assignments, input, (c) => zhCN.guide.exampleShow({ chain: c }));
  return guideByChain(view).find((c) => c.chain === chain) ?? { chain, units: [] };
}

type Example = (chain: string) => string;

/** Resolves a unit the officer typed; an unknown one is answered with the guide's own wording. */
async function unitOf(uc: UseCase, input: string, units: readonly UnitRow[], example: string): Promise<UnitRow> {
  if (matchUnits(units, input).length === 0) {
    const suggestions = units
      .filter((u) => HOST_KINDS.includes(u.kind) && [...input].some((ch) => u.name.includes(ch)))
      .slice(0, 3)
      .map((u) => u.name);
    throw new UserError(zhCN.guide.unknownUnit({ input, suggestions, example }));
  }
  return findUnitByInput(uc, input);
}

async function hostUnit(uc: UseCase, input: string, units: readonly UnitRow[], example: string): Promise<UnitRow> {
  const unit = await unitOf(uc, input, units, example);
  if (!HOST_KINDS.includes(unit.kind)) throw new UserError(zhCN.guide.notHostUnit({ unit: unit.name }));
  return unit;
}

/** Resolves a chain that must already be in the guide, or refuses naming the guide's chains. */
function existingChain(assignments: readonly GuideAssignmentView[], input: string, example: Example): string {
  const guide = { assignments };
  const matched = matchChain(guide, input);
  const chains = guideChains(guide);
  if (matched === undefined)
    throw new UserError(zhCN.guide.unknownChain({ input, chains, example: example(chains[0] ?? input) }));
  if ('ambiguous' in matched)
    throw new UserError(
      zhCN.guide.ambiguousChain({
        input,
        candidates: matched.ambiguous,
        example: example(matched.ambiguous[0] ?? input),
      }),
    );
  return matched.chain;
}

/** Words that only say "chain": 集成电路产业链 means the guide's 集成电路. */
const GENERIC_CHAIN_SUFFIXES = ['产业链', '产业', '链'];

const chainKey = (name: string) => toHalfWidth(name).toLowerCase().replace(/\s+/g, '');

/**
 * The chain an addition is meant for. Unlike a report, an addition may name a new chain, so an input
 * that merely contains an existing chain's name (新能源汽车零部件 vs 新能源汽车) is a new chain; it
 * resolves to an existing one only when equal, a fragment of it, or the name plus 产业链/产业/链.
 */
function chainForAdd(assignments: readonly GuideAssignmentView[], input: string, unitInput: string): string {
  const matched = matchChain({ assignments }, input);
  if (matched === undefined) return validChainName(input);
  const key = chainKey(input);
  const candidates = 'chain' in matched ? [matched.chain] : matched.ambiguous;
  const meant = candidates.filter((chain) => {
    const name = chainKey(chain);
    return name.includes(key) || GENERIC_CHAIN_SUFFIXES.some((suffix) => key === name + suffix);
  });
  if (meant.length === 1 && meant[0] !== undefined) return meant[0];
  if (meant.length > 1) {
    throw new UserError(
      zhCN.guide.ambiguousChain({
        input,
        candidates: meant,
        example: zhCN.guide.exampleAdd({ chain: meant[0] ?? input, unit: unitInput }),
      }),
    );
  }
  return validChainName(input);
}

function validChainName(input: string): string {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name === '' || [...name].length > MAX_CHAIN_NAME || /[,，\t、]/.test(name)) {
    throw new UserError(zhCN.guide.badChainName({ input, max: MAX_CHAIN_NAME }));
  }
  return name;
}

async function recordEdit(
  uc: UseCase,
  action: string,
  year: number,
  before: GuideVersionRow | null,
  after: GuideVersionRow,
  details: object,
): Promise<void> {
  await appendAudit(uc, {
    action,
    recordType: 'LayoutGuide',
    recordId: zhCN.guide.recordId({ year }),
    before:
      before === null
        ? null
        : {
            guideVersionId: before.id,
            year: before.year,
            version: before.version,
            assignments: before.assignments.length,
          },
    after: {
      guideVersionId: after.id,
      year: after.year,
      version: after.version,
      assignments: after.assignments.length,
      ...details,
    },
  });
}

/**
 * Adds a host unit to a chain in the current year's guide. A chain the guide does not know yet is
 * created (IPB defines the chains, 二(二)); a name matching an existing chain uniquely resolves to it.
 */
export async function addGuideAssignment(uc: UseCase, chainInput: string, unitInput: string): Promise<GuideEdit> {
  const year = shanghaiYear(uc.now);
  const base = await guideRepository.latestForYear(uc.tx, year);
  const assignments = base?.assignments ?? [];
  const units = await orgRepository.listUnits(uc.tx);
  const chain = chainForAdd(assignments, chainInput, unitInput);
  const unit = await hostUnit(uc, unitInput, units, zhCN.guide.exampleAdd({ chain, unit: zhCN.guide.exampleUnit() }));
  if (base !== null && assignments.some((a) => a.chain === chain && a.unitId === unit.id)) {
    throw new UserError(zhCN.guide.duplicate({ chain, unit: unit.name, year: base.year, version: base.version }));
  }
  // Keep the guide grouped: the new host goes after the chain's last host.
  const lastOfChain = assignments.map((a) => a.chain).lastIndexOf(chain);
  const next = [...assignments];
  next.splice(lastOfChain === -1 ? next.length : lastOfChain + 1, 0, { chain, unitId: unit.id });
  const created = await guideRepository.createVersion(
    uc.tx,
    { year, createdBy: uc.actorId, note: null, assignments: next },
    uc.now,
  );

  await recordEdit(uc, 'guide.add', year, base, created, { chain, unitId: unit.id });
  await notify(
    uc,
    { purpose: 'CITY' },
    zhCN.guide.noticeAdded({ by: uc.actorName ?? uc.actorId, chain, unit: unit.name, year, version: created.version }),
  );
  const view = await toView(uc.tx, created, units);
  return {
    ...view,
    change: { chain, unitId: unit.id, unitName: unit.name, newChain: lastOfChain === -1, chainGone: false },
  };
}

/** Removes a host unit from a chain in the current year's guide; refuses when it does not host it. */
export async function removeGuideAssignment(uc: UseCase, chainInput: string, unitInput: string): Promise<GuideEdit> {
  const year = shanghaiYear(uc.now);
  const base = await guideRepository.latestForYear(uc.tx, year);
  const assignments = base?.assignments ?? [];
  const units = await orgRepository.listUnits(uc.tx);
  const names = new Map(units.map((u) => [u.id, u.name]));
  const someHost = (chain: string) =>
    names.get(hostUnitIds({ assignments }, chain)[0] ?? '') ?? zhCN.guide.exampleUnit();
  const chain = existingChain(assignments, chainInput, (c) =>
    zhCN.guide.exampleRemove({ chain: c, unit: someHost(c) }),
  );
  const unit = await unitOf(uc, unitInput, units, zhCN.guide.exampleRemove({ chain, unit: someHost(chain) }));
  const hosts = hostUnitIds({ assignments }, chain);
  if (base === null || !hosts.includes(unit.id)) {
    throw new UserError(
      zhCN.guide.notAssigned({ chain, unit: unit.name, hosts: hosts.map((id) => names.get(id) ?? id) }),
    );
  }
  const next = assignments.filter((a) => !(a.chain === chain && a.unitId === unit.id));
  const created = await guideRepository.createVersion(
    uc.tx,
    { year, createdBy: uc.actorId, note: null, assignments: next },
    uc.now,
  );

  await recordEdit(uc, 'guide.remove', year, base, created, { chain, unitId: unit.id });
  await notify(
    uc,
    { purpose: 'CITY' },
    zhCN.guide.noticeRemoved({
      by: uc.actorName ?? uc.actorId,
      chain,
      unit: unit.name,
      year,
      version: created.version,
    }),
  );
  const view = await toView(uc.tx, created, units);
  return {
    ...view,
    change: { chain, unitId: unit.id, unitName: unit.name, newChain: false, chainGone: hosts.length === 1 },
  };
}

const CHANGE_LIST_LIMIT = 10;

function changeList(pairs: readonly { chain: string; unitName: string }[]): string[] {
  const shown = pairs.slice(0, CHANGE_LIST_LIMIT).map((a) => zhCN.guide.pair({ chain: a.chain, unit: a.unitName }));
  if (pairs.length > CHANGE_LIST_LIMIT) shown.push(zhCN.guide.more({ count: pairs.length }));
  return shown;
}

/**
 * Replaces `year`'s assignments with the file's, as a new version of that year. Every bad line is
 * reported by its number and nothing is written unless the whole file is good.
 */
export async function importGuideCsv(uc: UseCase, year: number, text: string): Promise<GuideImport> {
  if (!isGuideYear(year)) throw new UserError(zhCN.guide.invalidYear({ input: String(year) }));
  if (text.trim() === '') throw new UserError(zhCN.guide.csvMissing());
  const units = await orgRepository.listUnits(uc.tx);
  const hosts = units.filter((u) => HOST_KINDS.includes(u.kind));
  const parsed = parseGuideCsv(text, (input) => {
    const matches = matchUnits(hosts, input);
    if (matches.length === 1 && matches[0]) return { id: matches[0].id };
    if (matches.length > 1) return { ambiguous: matches.map((u) => u.name) };
    return undefined;
  });
  if (!parsed.ok) {
    throw new UserError(
      zhCN.guide.csvRejected({
        problems: parsed.problems.map((p) => zhCN.guide.csvProblem[p.problem]({ line: p.line, detail: p.detail })),
      }),
    );
  }
  if (parsed.rows.length === 0) throw new UserError(zhCN.guide.csvEmpty());

  const base = await guideRepository.latestForYear(uc.tx, year);
  const previous = base?.assignments ?? [];
  const key = (a: GuideAssignmentView) => `${a.chain}\u0000${a.unitId}`;
  const before = new Set(previous.map(key));
  const after = new Set(parsed.rows.map(key));
  // Only an identical year's guide (same rows, same order) is a no-op; a reorder is a new version.
  if (
    base !== null &&
    base.year === year &&
    previous.length === parsed.rows.length &&
    previous.every((a, i) => parsed.rows[i] !== undefined && key(a) === key(parsed.rows[i]))
  ) {
    throw new UserError(zhCN.guide.csvUnchanged({ year: base.year, version: base.version }));
  }
  const created = await guideRepository.createVersion(
    uc.tx,
    { year, createdBy: uc.actorId, note: null, assignments: parsed.rows },
    uc.now,
  );
  const view = await toView(uc.tx, created, units);
  const unitName = unitNamer(units);
  const named = (a: GuideAssignmentView) => ({ chain: a.chain, unitId: a.unitId, unitName: unitName(a.unitId) });
  const added = parsed.rows.filter((a) => !before.has(key(a))).map(named);
  const removed = previous.filter((a) => !after.has(key(a))).map(named);

  await recordEdit(uc, 'guide.import', year, base, created, {
    added: added.map((a) => [a.chain, a.unitId]),
    removed: removed.map((a) => [a.chain, a.unitId]),
  });
  await notify(
    uc,
    { purpose: 'CITY' },
    zhCN.guide.noticeImported({
      by: uc.actorName ?? uc.actorId,
      year,
      version: created.version,
      chains: guideChains(created).length,
      assignments: created.assignments.length,
      added: changeList(added),
      removed: changeList(removed),
    }),
  );
  return { ...view, added, removed };
}

/**
 * Preferential policy filings and 比拼政策 findings (policy 三(三); DESIGN §5.4). Units file their
 * policy items per chain; the layout guide's host units set the ceiling; a non-host filing above it
 * is a finding notified to IPB, AUDIT and FINANCE, and IPB records what is done about it.
 *
 * Findings are looked for whenever a filing of a chain and type changes: a non-host filing is
 * compared with the hosts' filings, and a host filing (which may lower the ceiling) makes every
 * non-host filing of that type compared again. A filing has at most one finding.
 */
import type { Actor } from '../app/context.ts';
import { UserError } from '../app/errors.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import { policyRepository, type FilingRow, type FindingRow } from '../db/repositories/policy-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import { transferRepository } from '../db/repositories/transfer-repository.ts';
import type { Tx } from '../db/tx.ts';
import { AUDIT_UNIT, FINANCE_UNIT, INDUSTRY_UNIT, IPB_UNIT, matchUnits, unitNamer } from '../domain/org/units.ts';
import { formatRecordCode, parseRecordCode } from '../domain/parsing/record-code.ts';
import { compareWithCeiling, type Ceiling, type Excess } from '../domain/policies/ceiling.ts';
import { checkDisposition, parseDisposition, type Disposition } from '../domain/policies/findings.ts';
import { parseTerms, type PolicyTerms, type PolicyType, type RawTerms } from '../domain/policies/terms.ts';
import { guideChains, hostUnitIds, matchChain, unitConforms } from '../domain/projects/layout-guide.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import {
  describeExcess,
  describeFiling,
  describeTerms,
  describeTermsProblem,
  filedOnBehalfNotice,
  findingDisposedSupervisorNotice,
  findingDisposedUnitNotice,
  findingIpbNotice,
  findingOpinionNotice,
  findingReviewerNotice,
  type FindingSource,
  type PromiseExcess,
} from '../messages/policies.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide, type GuideView } from './layout-guide.ts';
import { notify } from './notify.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import type { UseCase } from './use-case.ts';
import { refusalText } from '../messages/refusal.ts';
import { consultedOnFinding, filesPolicyFor, reportsFor, seesEveryUnit } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { chainHostNames } from './project-lookup.ts';

const t = zhCN.policies;
const FILING_PREFIX = 'ZC';
const FINDING_PREFIX = 'BP';
/** 各地 of 三(三): districts/counties and their platforms make local investment policies. */
const LOCAL_KINDS: readonly UnitRow['kind'][] = ['DISTRICT', 'PLATFORM'];
/** Who supervises policies (三(三): 市投资促进局会同市审计局、市财政局). */
const SUPERVISORS = [IPB_UNIT, AUDIT_UNIT, FINANCE_UNIT] as const;
/** The chain's industry department (DESIGN §2: 市经信局 for every chain), told of a finding and consulted on it. */
/** The units IPB decides a finding with (三(三): 会同市审计局、市财政局和相关产业主管部门), by role. */
const MAX_OPINION = 500;
const MAX_NOTE = 200;
const LIST_LIMIT = 30;

export interface RawFiling extends RawTerms {
  chain?: string;
  unit?: string;
  note?: string;
}

interface Names {
  units: UnitRow[];
  name(id: string): string;
}

async function names(tx: Tx): Promise<Names> {
  const units = await orgRepository.listUnits(tx);
  return { units, name: unitNamer(units) };
}

export const termsOf = (f: Pick<FilingRow, 'type' | 'ratePct' | 'capWan' | 'years'>): PolicyTerms => ({
  type: f.type,
  ratePct: f.ratePct,
  capWan: f.capWan,
  years: f.years,
});

/** The active filings of the chain's host units: what sets the ceiling for everyone else. */
export async function hostFilings(tx: Tx, guide: GuideView, chain: string): Promise<FilingRow[]> {
  const hosts = new Set(hostUnitIds(guide, chain));
  return (await policyRepository.activeForChain(tx, chain)).filter((f) => hosts.has(f.unitId));
}

/** Local units sharing a character with the input, besides the 区/县/市 every name ends with. */
export function suggestUnits(units: readonly UnitRow[], input: string): string[] {
  const chars = [...input].filter((ch) => !'区县市'.includes(ch));
  return units
    .filter((u) => LOCAL_KINDS.includes(u.kind) && chars.some((ch) => u.name.includes(ch)))
    .slice(0, 3)
    .map((u) => u.name);
}

function resolveLocalUnit(units: readonly UnitRow[], input: string): UnitRow {
  const matches = matchUnits(units, input);
  const [only] = matches;
  if (matches.length > 1) throw new UserError(t.file.ambiguousUnit({ input, candidates: matches.map((u) => u.name) }));
  if (only === undefined) {
    throw new UserError(t.file.unknownUnit({ input, suggestions: suggestUnits(units, input) }));
  }
  return only;
}

/**
 * The unit a filing is for: a reporter's own (or a platform inside their district), or any unit IPB
 * names. `byIpb` is set when IPB files for a unit it does not belong to, which that unit is told of.
 */
function filingUnit(
  actor: Actor,
  units: readonly UnitRow[],
  unitInput: string | undefined,
): { unit: UnitRow; byIpb: boolean } {
  const own = actor.roles.filter((g) => g.role === 'REPORTER').map((g) => g.scope);
  const isIpb = seesEveryUnit(principalOf(actor));
  if (unitInput === undefined || unitInput.trim() === '') {
    const unitId = own.find((id) => id === actor.unit?.id) ?? own[0];
    if (unitId === undefined) throw new UserError(isIpb ? t.file.unitRequired() : t.file.noUnit());
    const unit = units.find((u) => u.id === unitId);
    if (unit === undefined) throw new UserError(t.file.noUnit());
    return { unit, byIpb: false };
  }
  const unit = resolveLocalUnit(units, unitInput.trim());
  requireAccess(filesPolicyFor(principalOf(actor), unit), () => t.file.otherUnit({ unit: unit.name }));
  return { unit, byIpb: !reportsFor(principalOf(actor), unit) };
}

function chainOf(guide: GuideView, input: string | undefined): string | { problem: string } {
  const text = input?.trim() ?? '';
  if (text === '') return { problem: t.file.missingChain() };
  const matched = matchChain(guide, text);
  if (matched === undefined) return { problem: t.file.unknownChain({ input: text, chains: guideChains(guide) }) };
  if ('ambiguous' in matched)
    return { problem: refusalText(t.file.ambiguousChain({ input: text, candidates: matched.ambiguous })) };
  return matched.chain;
}

interface FindingExcess {
  excess: Excess[];
  ceiling: Ceiling;
  hostFilings: string[];
}

/** A finding to record: what it is about, and what its notices say. */
export interface NewFinding {
  unitId: string;
  chain: string;
  filingId: number | null;
  transfer: { id: number; round: number } | null;
  /** What is above the ceiling, kept on the finding (FindingExcess, or a transfer's PromiseExcess items). */
  stored: object;
  source: FindingSource;
  hosts: string[];
  ceiling: string | null;
  excess: string;
}

/**
 * Records a 比拼政策 finding — a non-host filing above the hosts' ceiling, or a transfer destination's
 * promise above it (DESIGN §5.3, §5.4) — and tells IPB (with the disposition buttons), AUDIT, FINANCE and
 * the chain's INDUSTRY department. What counts as 比拼 is rule R12, recorded on the finding.
 */
export async function recordFinding(uc: UseCase, unitName: string, input: NewFinding): Promise<FindingRow> {
  const year = shanghaiDay(uc.now).year;
  const code = formatRecordCode(FINDING_PREFIX, year, await sequenceRepository.next(uc.tx, `policy-finding:${year}`));
  const finding = await policyRepository.createFinding(
    uc.tx,
    {
      code,
      filingId: input.filingId,
      transferId: input.transfer?.id ?? null,
      transferRound: input.transfer?.round ?? null,
      unitId: input.unitId,
      chain: input.chain,
      excess: JSON.stringify(input.stored),
    },
    uc.now,
  );
  const subject =
    input.source.kind === 'filing'
      ? { filing: input.source.code }
      : { transfer: input.source.code, round: input.transfer?.round ?? null };
  await appendAudit(uc, {
    action: 'policy.finding',
    recordType: 'PolicyFinding',
    recordId: code,
    after: { ...subject, unitId: input.unitId, chain: input.chain, excess: input.stored },
  });
  await recordRulesApplied(uc, await loadRules(uc.tx), code, 'policy.finding', ['R12']);
  const facts = {
    code,
    unit: unitName,
    chain: input.chain,
    source: input.source,
    hosts: input.hosts,
    ceiling: input.ceiling,
    excess: input.excess,
  };
  await notify(uc, { unitId: IPB_UNIT }, findingIpbNotice(facts));
  for (const unitId of [...SUPERVISORS.filter((id) => id !== IPB_UNIT), INDUSTRY_UNIT]) {
    await notify(uc, { unitId }, findingReviewerNotice(facts));
  }
  return finding;
}

/** Compares a non-host filing with the hosts' and records a finding when it is above them. */
async function checkFiling(
  uc: UseCase,
  n: Names,
  guide: GuideView,
  filing: FilingRow,
  hosts: readonly FilingRow[],
): Promise<{ finding: FindingRow | null; comparison: ReturnType<typeof compareWithCeiling> }> {
  const comparison = compareWithCeiling(termsOf(filing), hosts.map(termsOf));
  if (comparison.verdict !== 'exceeds') return { finding: null, comparison };
  if ((await policyRepository.findingForFiling(uc.tx, filing.id)) !== null) return { finding: null, comparison };
  const sameType = hosts.filter((h) => h.type === filing.type).map((h) => h.code);
  const stored: FindingExcess = { excess: comparison.excess, ceiling: comparison.ceiling, hostFilings: sameType };
  const finding = await recordFinding(uc, n.name(filing.unitId), {
    unitId: filing.unitId,
    chain: filing.chain,
    filingId: filing.id,
    transfer: null,
    stored,
    source: { kind: 'filing', code: filing.code, terms: describeFiling(termsOf(filing), filing.note) },
    hosts: chainHostNames(guide, filing.chain),
    ceiling: describeTerms(comparison.ceiling),
    excess: describeExcess(comparison.excess),
  });
  return { finding, comparison };
}

/**
 * How a new filing compares: a host's re-checks the others (`findings` newly found), a conforming unit's is
 * not compared, a non-host's is compared with the hosts' (`finding` null when one was recorded before).
 */
export type FilingComparison =
  | { kind: 'host'; findings: string[] }
  | { kind: 'conforming' }
  | { kind: 'no-ceiling'; type: PolicyType }
  | { kind: 'within' }
  | { kind: 'exceeds'; finding: string | null; excess: Excess[] };

/** The new filing (as listed by /政策, less its date and finding), the chain's hosts and how it compares. */
export interface PolicyFiledOutcome extends Omit<FilingEntry, 'filedAt' | 'finding'> {
  kind: 'filed';
  hosts: string[];
  /** The filing this one replaced. */
  replaced: string | null;
  comparison: FilingComparison;
}

/** `/政策备案`: files (or replaces) a unit's policy item for a chain and looks for 比拼政策. */
export async function filePolicy(uc: UseCase, actor: Actor, raw: RawFiling): Promise<PolicyFiledOutcome> {
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.file.noGuide());
  const n = await names(uc.tx);
  const { unit, byIpb } = filingUnit(actor, n.units, raw.unit);
  if (!LOCAL_KINDS.includes(unit.kind)) throw new UserError(t.file.notLocal({ unit: unit.name }));

  const problems: string[] = [];
  const chain = chainOf(guide, raw.chain);
  if (typeof chain !== 'string') problems.push(chain.problem);
  const parsed = parseTerms(raw);
  if (!parsed.ok) problems.push(...parsed.problems.map(describeTermsProblem));
  const note = raw.note?.trim() || null;
  if (note !== null && [...note].length > MAX_NOTE) problems.push(t.file.noteTooLong({ max: MAX_NOTE }));
  if (problems.length > 0 || typeof chain !== 'string' || !parsed.ok) {
    throw new UserError(t.file.problems({ lines: problems.map((p, i) => `${i + 1}. ${p}`) }));
  }

  const terms = parsed.terms;
  const host = hostUnitIds(guide, chain).includes(unit.id);
  const previous = await policyRepository.findActive(uc.tx, unit.id, chain, terms.type);
  if (previous !== null) {
    await policyRepository.supersede(uc.tx, previous.id, uc.now);
    await appendAudit(uc, {
      action: 'policy.supersede',
      recordType: 'PolicyFiling',
      recordId: previous.code,
      before: { status: 'ACTIVE' },
      after: { status: 'SUPERSEDED' },
    });
  }
  const year = shanghaiDay(uc.now).year;
  const code = formatRecordCode(FILING_PREFIX, year, await sequenceRepository.next(uc.tx, `policy-filing:${year}`));
  const filing = await policyRepository.createFiling(
    uc.tx,
    { code, unitId: unit.id, chain, ...terms, note, host, guideVersionId: guide.id, filedBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'policy.file',
    recordType: 'PolicyFiling',
    recordId: code,
    after: {
      unitId: unit.id,
      chain,
      ...terms,
      host,
      replaces: previous?.code ?? null,
      guideVersion: `${guide.year}-v${guide.version}`,
    },
  });
  if (byIpb)
    await notify(
      uc,
      { unitId: unit.id },
      filedOnBehalfNotice({ code, unit: unit.name, chain, terms, note, by: uc.actorName ?? uc.actorId }),
    );

  const hosts = await hostFilings(uc.tx, guide, chain);
  let comparison: FilingComparison;
  if (host) {
    comparison = { kind: 'host', findings: await recheckNonHosts(uc, n, guide, chain, terms.type, hosts) };
  } else if (unitConforms(guide, chain, unit, n.units)) {
    comparison = { kind: 'conforming' };
  } else {
    const checked = await checkFiling(uc, n, guide, filing, hosts);
    const verdict = checked.comparison;
    comparison =
      verdict.verdict === 'no-ceiling'
        ? { kind: 'no-ceiling', type: terms.type }
        : verdict.verdict === 'within'
          ? { kind: 'within' }
          : { kind: 'exceeds', finding: checked.finding?.code ?? null, excess: verdict.excess };
  }
  return {
    kind: 'filed',
    code,
    unit: unit.name,
    chain,
    terms,
    note,
    host,
    hosts: chainHostNames(guide, chain),
    replaced: previous?.code ?? null,
    comparison,
  };
}

/** After a host filing: every non-host filing of the type, against the new ceiling; the codes of new findings. */
async function recheckNonHosts(
  uc: UseCase,
  n: Names,
  guide: GuideView,
  chain: string,
  type: PolicyType,
  hosts: readonly FilingRow[],
): Promise<string[]> {
  const hostIds = new Set(hostUnitIds(guide, chain));
  const found: string[] = [];
  for (const filing of await policyRepository.activeForChain(uc.tx, chain)) {
    if (filing.type !== type || hostIds.has(filing.unitId)) continue;
    const unit = n.units.find((u) => u.id === filing.unitId);
    if (unit === undefined || unitConforms(guide, chain, unit, n.units)) continue;
    const { finding } = await checkFiling(uc, n, guide, filing, hosts);
    if (finding !== null) found.push(finding.code);
  }
  return found;
}

/** A filing in force as listed, with its 比拼政策 finding if it has one. */
export interface FilingEntry {
  code: string;
  unit: string;
  chain: string;
  terms: PolicyTerms;
  note: string | null;
  host: boolean;
  filedAt: Date;
  finding: { code: string; open: boolean; disposition: Disposition | null } | null;
}

async function filingEntries(
  tx: Tx,
  n: Names,
  filings: readonly FilingRow[],
  hostIdsOf: (chain: string) => Set<string>,
): Promise<FilingEntry[]> {
  const findings = new Map(
    (
      await policyRepository.findingsForFilings(
        tx,
        filings.map((f) => f.id),
      )
    ).map((f) => [f.filingId, f]),
  );
  return filings.map((f) => {
    const finding = findings.get(f.id);
    return {
      code: f.code,
      unit: n.name(f.unitId),
      chain: f.chain,
      terms: termsOf(f),
      note: f.note,
      host: hostIdsOf(f.chain).has(f.unitId),
      filedAt: f.filedAt,
      finding:
        finding === undefined
          ? null
          : { code: finding.code, open: finding.status === 'OPEN', disposition: finding.disposition },
    };
  });
}

/** `chain`: a chain's filings, hosts first; `unit`: one unit's filings. */
export type PolicyListOutcome =
  | { kind: 'chain'; chain: string; hosts: string[]; filings: FilingEntry[] }
  | { kind: 'unit'; unit: string; filings: FilingEntry[] };

/** `/政策 <单位|产业链>`: the policies in force, by chain (hosts first) or by unit. */
export async function listPolicies(uc: UseCase, actor: Actor, input: string): Promise<PolicyListOutcome> {
  const n = await names(uc.tx);
  const guide = await currentGuide(uc.tx, uc.now);
  const hostIdsOf = (chain: string) => new Set(guide === null ? [] : hostUnitIds(guide, chain));
  const text = input.trim();
  if (text === '') {
    const unitId = actor.roles.find((g) => g.role === 'REPORTER')?.scope ?? actor.unit?.id;
    const unit = n.units.find((u) => u.id === unitId && LOCAL_KINDS.includes(u.kind));
    if (unit === undefined) throw new UserError(t.list.usage());
    return unitListing(uc.tx, n, unit, hostIdsOf);
  }
  const matched = guide === null ? undefined : matchChain(guide, text);
  if (matched !== undefined && 'ambiguous' in matched)
    throw new UserError(t.file.ambiguousChain({ input: text, candidates: matched.ambiguous }));
  if (matched !== undefined && guide !== null) {
    const hosts = hostIdsOf(matched.chain);
    const filings = [...(await policyRepository.activeForChain(uc.tx, matched.chain))].sort(
      (a, b) => Number(hosts.has(b.unitId)) - Number(hosts.has(a.unitId)),
    );
    const entries = await filingEntries(uc.tx, n, filings, hostIdsOf);
    return { kind: 'chain', chain: matched.chain, hosts: chainHostNames(guide, matched.chain), filings: entries };
  }
  const units = matchUnits(n.units, text);
  const [unit] = units;
  if (units.length > 1)
    throw new UserError(t.file.ambiguousUnit({ input: text, candidates: units.map((u) => u.name) }));
  if (unit === undefined) throw new UserError(t.list.unknown({ input: text }));
  return unitListing(uc.tx, n, unit, hostIdsOf);
}

async function unitListing(
  tx: Tx,
  n: Names,
  unit: UnitRow,
  hostIdsOf: (chain: string) => Set<string>,
): Promise<PolicyListOutcome> {
  const filings = await filingEntries(tx, n, await policyRepository.activeForUnit(tx, unit.id), hostIdsOf);
  return { kind: 'unit', unit: unit.name, filings };
}

/** What a finding is about: the filing, or the transfer and the items its destination promised. */
async function sourceOf(tx: Tx, finding: FindingRow): Promise<FindingSource | null> {
  if (finding.filingId !== null) {
    const filing = await policyRepository.findFilingById(tx, finding.filingId);
    return filing === null ? null : { kind: 'filing', code: filing.code, terms: describeTerms(termsOf(filing)) };
  }
  const transfer = finding.transferId === null ? null : await transferRepository.findById(tx, finding.transferId);
  if (transfer === null) return null;
  const items = (JSON.parse(finding.excess) as { items: PromiseExcess[] }).items;
  return {
    kind: 'transfer',
    code: transfer.code,
    enterprise: transfer.enterpriseName,
    terms: items.map((i) => describeTerms(i.terms)).join('；'),
  };
}

async function loadFinding(tx: Tx, input: string | undefined): Promise<{ finding: FindingRow; source: FindingSource }> {
  const code = input === undefined ? null : parseRecordCode(FINDING_PREFIX, input);
  const finding = code === null ? null : await policyRepository.findFindingByCode(tx, code);
  const source = finding === null ? null : await sourceOf(tx, finding);
  if (finding === null || source === null) throw new UserError(t.finding.unknown({ input: input ?? '' }));
  return { finding, source };
}

/** `/比拼 处置`: IPB's decision on a finding, told to the unit and to FINANCE. */
export interface FindingDisposedOutcome {
  kind: 'disposed';
  code: string;
  unit: string;
  disposition: Disposition;
}

export async function disposeFinding(
  uc: UseCase,
  codeInput: string | undefined,
  dispositionInput: string | undefined,
  noteInput: string,
): Promise<FindingDisposedOutcome> {
  const { finding, source } = await loadFinding(uc.tx, codeInput);
  const disposition = dispositionInput === undefined ? null : parseDisposition(dispositionInput);
  if (disposition === null) throw new UserError(t.dispose.unknownDisposition({ input: dispositionInput ?? '' }));
  const note = noteInput.trim();
  const refusal = checkDisposition(finding.status, disposition, note);
  if (refusal === 'already-disposed')
    throw new UserError(
      t.dispose.alreadyDisposed({
        code: finding.code,
        disposition: finding.disposition === null ? '' : t.dispositionLabels[finding.disposition],
      }),
    );
  if (refusal === 'note-required') throw new UserError(t.dispose.noteRequired({ code: finding.code }));
  const saved = await policyRepository.dispose(
    uc.tx,
    finding.id,
    { disposition, note: note === '' ? null : note, by: uc.actorId },
    uc.now,
  );
  if (!saved) throw new UserError(t.dispose.alreadyDisposed({ code: finding.code, disposition: '' }));
  await appendAudit(uc, {
    action: 'policy.dispose',
    recordType: 'PolicyFinding',
    recordId: finding.code,
    before: { status: finding.status },
    after: { status: 'DISPOSED', disposition, note: note === '' ? null : note },
  });
  const n = await names(uc.tx);
  const unit = n.name(finding.unitId);
  const facts = { code: finding.code, unit, chain: finding.chain, disposition, note: note === '' ? null : note };
  await notify(uc, { unitId: finding.unitId }, findingDisposedUnitNotice({ ...facts, source }));
  for (const unitId of [FINANCE_UNIT, AUDIT_UNIT]) await notify(uc, { unitId }, findingDisposedSupervisorNotice(facts));
  return { kind: 'disposed', code: finding.code, unit, disposition };
}

/** A finding with what it is about, the consulted units' opinions and IPB's disposition if made. */
export interface FindingDetailOutcome {
  kind: 'finding';
  code: string;
  unit: string;
  chain: string;
  source: FindingSource;
  /** What is above the ceiling, as stored on the finding (JSON). */
  excess: string;
  createdAt: Date;
  disposition: Disposition | null;
  note: string | null;
  disposedBy: string | null;
  disposedAt: Date | null;
  opinions: { unit: string; opinion: string; at: Date }[];
}

/** `/比拼 <编号>`. */
export async function describeFinding(uc: UseCase, codeInput: string): Promise<FindingDetailOutcome> {
  const { finding, source } = await loadFinding(uc.tx, codeInput);
  const n = await names(uc.tx);
  const opinions = await policyRepository.opinionsOf(uc.tx, finding.id);
  return {
    kind: 'finding',
    code: finding.code,
    unit: n.name(finding.unitId),
    chain: finding.chain,
    source,
    excess: finding.excess,
    createdAt: finding.createdAt,
    disposition: finding.disposition,
    note: finding.dispositionNote,
    disposedBy: finding.disposedBy,
    disposedAt: finding.disposedAt,
    opinions: opinions.map((o) => ({ unit: n.name(o.unitId), opinion: o.opinion, at: o.givenAt })),
  };
}

/** `/比拼 意见 <编号> <意见>`: a consulted unit's opinion, recorded for IPB's decision. */
export interface FindingOpinionOutcome {
  kind: 'opinion';
  code: string;
  unit: string;
  /** The unit had given an opinion before; this one replaced it. */
  replaced: boolean;
}

export async function giveFindingOpinion(
  uc: UseCase,
  actor: Actor,
  codeInput: string | undefined,
  opinionInput: string,
): Promise<FindingOpinionOutcome> {
  const { finding } = await loadFinding(uc.tx, codeInput);
  const opinion = opinionInput.trim();
  if (opinion === '') throw new UserError(t.opinion.missing());
  if ([...opinion].length > MAX_OPINION) throw new UserError(t.opinion.tooLong({ max: MAX_OPINION }));
  requireAccess(consultedOnFinding(principalOf(actor)), () => t.opinion.notReviewer());
  // consultedOnFinding allows only an account with a unit.
  const unit = actor.unit!;
  if (finding.status !== 'OPEN') throw new UserError(t.opinion.disposed({ code: finding.code }));
  const replaced = await policyRepository.putOpinion(
    uc.tx,
    { findingId: finding.id, unitId: unit.id, opinion, givenBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'policy.opinion',
    recordType: 'PolicyFinding',
    recordId: finding.code,
    after: { unitId: unit.id, opinion },
  });
  await notify(uc, { unitId: IPB_UNIT }, findingOpinionNotice({ code: finding.code, unit: unit.name, opinion }));
  return { kind: 'opinion', code: finding.code, unit: unit.name, replaced };
}

export interface FindingListEntry {
  code: string;
  unit: string;
  chain: string;
  /** Null when the filing or transfer it was about is gone. */
  source: FindingSource | null;
  disposition: Disposition | null;
}

/** The open findings, then the latest disposed ones. */
export interface FindingListOutcome {
  kind: 'findings';
  open: FindingListEntry[];
  disposed: FindingListEntry[];
}

/** `/比拼`: open findings, then the latest disposed ones. */
export async function listFindings(uc: UseCase): Promise<FindingListOutcome> {
  const n = await names(uc.tx);
  const entry = async (f: FindingRow): Promise<FindingListEntry> => ({
    code: f.code,
    unit: n.name(f.unitId),
    chain: f.chain,
    source: await sourceOf(uc.tx, f),
    disposition: f.disposition,
  });
  const open = await Promise.all((await policyRepository.listFindings(uc.tx, 'OPEN', LIST_LIMIT)).map(entry));
  const disposed = await Promise.all((await policyRepository.listFindings(uc.tx, 'DISPOSED', 10)).map(entry));
  return { kind: 'findings', open, disposed };
}

import { UserError } from '../../app/errors.ts';
import type { Message } from '../../app/receiver.ts';
import { policyRepository, type FindingRow } from '../../db/repositories/policy-repository.ts';
import { transferRepository } from '../../db/repositories/transfer-repository.ts';
import { projectRepository, type ProjectRow } from '../../db/repositories/project-repository.ts';
import { investorNameKeys, sameInvestor } from '../../domain/projects/investor-identity.ts';
import type { ProjectStatus } from '../../domain/projects/status.ts';
import { parseRecordCode } from '../../domain/parsing/record-code.ts';
import { POLICY_TYPE_LABELS } from '../../domain/policies/terms.ts';
import { clauseById, type ClauseId } from '../../domain/regulation/clauses.ts';
import { documentMessages } from '../../messages/documents.ts';
import { shanghaiDay } from '../../domain/matrix/dates.ts';
import { describeFindingExcess, describeTerms, type PromiseExcess } from '../../messages/policies.ts';
import { loadProjectByCode, loadUnitNames } from '../project-lookup.ts';
import type { UseCase } from '../use-case.ts';
import { saveGeneratedFile } from './generated-file.ts';
import { documentDate, renderOfficialDocument, type Block, type OfficialDocument } from './official-document.ts';

const t = documentMessages;

/** Statuses a project can be in after exclusivity was granted to it. */
const GRANTED_STATUSES: readonly ProjectStatus[] = [
  'EXCLUSIVE',
  'SIGNED',
  'LANDED',
  'CITY_LED',
  'EXPIRED',
  'TERMINATED',
];

export type NoticeKind = 'violation' | 'overbid';

const KIND_WORDS: Record<NoticeKind, readonly string[]> = {
  violation: ['违规', 'violation'],
  overbid: ['比拼', '比拼政策', 'overbid'],
};

export function parseNoticeKind(input: string | undefined): NoticeKind {
  if (input === undefined || input.trim() === '') throw new UserError(t.notice.missing());
  const word = input.trim().toLowerCase();
  const kind = (Object.keys(KIND_WORDS) as NoticeKind[]).find((k) => KIND_WORDS[k].includes(word));
  if (kind === undefined) throw new UserError(t.notice.unknownKind({ input: input.trim() }));
  return kind;
}

/** 2026年12月6日 for an instant, in Shanghai. */
export function documentDateOf(instant: Date): string {
  const d = shanghaiDay(instant);
  return documentDate(d.year, d.month, d.day);
}

/** 2026年12月6日 inside a sentence (GB/T 9704 keeps Arabic numerals in the body). */
function dayOf(instant: Date): string {
  const d = shanghaiDay(instant);
  return `${d.year}年${d.month}月${d.day}日`;
}

const quote = (id: ClauseId): Block => {
  const clause = clauseById(id);
  return { kind: 'paragraph', text: t.clauseQuote({ label: clause.label, text: clause.text }) };
};

/** `/通报 违规|比拼 <编号>`: a Word draft of the 通报, audited like an export. */
export async function draftNotice(
  uc: UseCase,
  kind: NoticeKind,
  codeInput: string | undefined,
  filesDir: string | undefined,
): Promise<{ reply: Message; file: Message }> {
  const draft = kind === 'violation' ? await violationNotice(uc, codeInput) : await overbidNotice(uc, codeInput);
  const bytes = await renderOfficialDocument(draft.document);
  const saved = await saveGeneratedFile(uc, {
    filesDir,
    bytes,
    extension: 'docx',
    fileName: (stamp) => t.notice.fileName({ title: draft.document.title, stamp }),
    caption: (code) => `${draft.document.title}（草稿，${code}）`,
    action: 'document.notice',
    details: { kind, record: draft.record, title: draft.document.title },
  });
  return {
    reply: {
      kind: 'text',
      title: draft.document.title,
      text: t.notice.done({ title: draft.document.title, code: saved.code, fileName: saved.fileName }),
    },
    file: saved.file,
  };
}

function notice(uc: UseCase, title: string, blocks: Block[]): OfficialDocument {
  return {
    draftMark: t.draftMark(),
    draftHeader: t.draftHeader(),
    title,
    recipient: t.notice.recipient(),
    blocks,
    signature: t.issuer(),
    date: documentDateOf(uc.now),
    record: t.notice.record(),
    meta: { title, creator: t.creator(), description: t.draftHeader() },
  };
}

async function violationNotice(
  uc: UseCase,
  codeInput: string | undefined,
): Promise<{ document: OfficialDocument; record: string }> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const [violations, names] = await Promise.all([
    projectRepository.violationsOf(uc.tx, project.id),
    loadUnitNames(uc.tx),
  ]);
  if (violations.length === 0) throw new UserError(t.notice.noViolation({ code: project.code }));
  const units = [...new Set(violations.map((v) => names.name(v.unitId)))];
  const v = t.notice.violation;
  const granted = (p: ProjectRow) =>
    p.decidedAt !== null && p.decisionReason === null && GRANTED_STATUSES.includes(p.status);
  // The lawful holder: another unit's granted project of the same investor and chain (DESIGN §4.5).
  const violators = new Set(violations.map((x) => x.unitId));
  const holder = (
    await projectRepository.findInvestorCandidates(uc.tx, project.creditCode, investorNameKeys(project.investorName))
  ).find(
    (p) =>
      p.id !== project.id &&
      p.chain === project.chain &&
      !violators.has(p.unitId) &&
      granted(p) &&
      sameInvestor(
        { name: p.investorName, creditCode: p.creditCode },
        { name: project.investorName, creditCode: project.creditCode },
      ).same,
  );
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: v.facts({
        reportedOn: dayOf(project.reportedAt),
        unit: names.name(project.unitId),
        name: project.name,
        code: project.code,
        investor: project.investorName,
        chain: project.chain,
        amountWan: project.amountWan,
      }),
    },
    ...(holder !== undefined && holder.decidedAt !== null
      ? [
          {
            kind: 'paragraph',
            text: v.heldElsewhere({
              holder: names.name(holder.unitId),
              holderCode: holder.code,
              grantedOn: dayOf(holder.decidedAt),
            }),
          } as Block,
        ]
      : granted(project) && project.decidedAt !== null && !violators.has(project.unitId)
        ? [
            {
              kind: 'paragraph',
              text: v.ownGrant({ unit: names.name(project.unitId), grantedOn: dayOf(project.decidedAt) }),
            } as Block,
          ]
        : []),
    ...violations.map(
      (x): Block => ({
        kind: 'paragraph',
        text: v.finding({ unit: names.name(x.unitId), description: x.description, recordedOn: dayOf(x.recordedAt) }),
      }),
    ),
    quote('四(一)'),
    ...units.map((unit): Block => ({ kind: 'paragraph', text: v.consequences({ unit, code: project.code }) })),
    { kind: 'paragraph', text: v.closing() },
  ];
  return { document: notice(uc, v.title({ unit: units.join('、') }), blocks), record: project.code };
}

/** The facts paragraph: the filing found above the hosts' policy, or the transfer promise (DESIGN §5.3). */
async function overbidFacts(uc: UseCase, finding: FindingRow, unit: string, excess: string): Promise<string> {
  const o = t.notice.overbid;
  if (finding.filingId !== null) {
    const filing = await policyRepository.findFilingById(uc.tx, finding.filingId);
    if (filing === null) throw new Error(`finding ${finding.code} has no filing`);
    const terms = describeTerms({
      type: filing.type,
      ratePct: filing.ratePct,
      capWan: filing.capWan,
      years: filing.years,
    });
    return o.facts({
      filedOn: dayOf(filing.filedAt),
      unit,
      chain: finding.chain,
      type: POLICY_TYPE_LABELS[filing.type],
      filing: filing.code,
      terms,
      excess,
      code: finding.code,
    });
  }
  const transfer = finding.transferId === null ? null : await transferRepository.findById(uc.tx, finding.transferId);
  if (transfer === null) throw new Error(`finding ${finding.code} has neither a filing nor a transfer`);
  const items = (JSON.parse(finding.excess) as { items: PromiseExcess[] }).items;
  const terms = items.map((i) => describeTerms(i.terms)).join('；');
  return o.promiseFacts({
    appliedOn: dayOf(finding.createdAt),
    unit,
    chain: finding.chain,
    transfer: transfer.code,
    enterprise: transfer.enterpriseName,
    terms,
    excess,
    code: finding.code,
  });
}

async function overbidNotice(
  uc: UseCase,
  codeInput: string | undefined,
): Promise<{ document: OfficialDocument; record: string }> {
  const code = codeInput === undefined ? null : parseRecordCode('BP', codeInput);
  const finding = code === null ? null : await policyRepository.findFindingByCode(uc.tx, code);
  if (finding === null) throw new UserError(t.notice.unknownFinding({ input: codeInput ?? '' }));
  if (finding.status !== 'DISPOSED' || finding.disposition === null || finding.disposedAt === null)
    throw new UserError(t.notice.findingOpen({ code: finding.code }));
  const disposition = t.notice.overbid.dispositions[finding.disposition];
  if (disposition === undefined) throw new UserError(t.notice.findingDismissed({ code: finding.code }));
  const names = await loadUnitNames(uc.tx);
  const unit = names.name(finding.unitId);
  const o = t.notice.overbid;
  const excess = describeFindingExcess(finding.excess);
  const blocks: Block[] = [{ kind: 'paragraph', text: await overbidFacts(uc, finding, unit, excess) }];
  blocks.push(
    quote('三(三)'),
    {
      kind: 'paragraph',
      text: o.consequences({
        disposition: disposition(unit),
        unit,
        decidedOn: dayOf(finding.disposedAt),
        note: finding.dispositionNote,
      }),
    },
    { kind: 'paragraph', text: o.closing() },
  );
  return { document: notice(uc, o.title({ unit, chain: finding.chain }), blocks), record: finding.code };
}

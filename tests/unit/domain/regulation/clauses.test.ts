/**
 * The clause catalogue says what the policy says: every clause's text is the policy's own words
 * (checked against the published extraction, tests/fixtures/policy-extraction.txt, a copy of
 * shared/policy/), the numbering is the document's,
 * and clause ids are read as officers type them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_IDS,
  CLAUSES,
  childrenOf,
  clauseById,
  parseClauseId,
  SUBCLAUSE_IDS,
} from '../../../../src/domain/regulation/clauses.ts';
import { citeClause, citeRule, clauseRef, ruleRef } from '../../../../src/messages/citation.ts';

const POLICY = readFileSync(new URL('../../../fixtures/policy-extraction.txt', import.meta.url), 'utf8');
/** The extraction without its line breaks and the spaces it put around digits. */
const flat = (text: string) => text.replace(/\s+/g, '');
/** The attachment's table cells were interleaved by the extraction: a cell's words appear in order, not contiguously. */
function inOrder(haystack: string, needle: string): boolean {
  let at = 0;
  for (const char of needle) {
    at = haystack.indexOf(char, at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
}

describe('clause catalogue', () => {
  it('holds the preamble, 一 … 六, the twelve sub-clauses and the twelve attachment items, in order', () => {
    expect(CLAUSES.map((c) => c.id)).toEqual([
      '序言',
      '一',
      '二',
      '二(一)',
      '二(二)',
      '二(三)',
      '三',
      '三(一)',
      '三(二)',
      '三(三)',
      '四',
      '四(一)',
      '四(二)',
      '四(三)',
      '五',
      '五(一)',
      '五(二)',
      '五(三)',
      '六',
      ...ATTACHMENT_IDS,
    ]);
    expect(SUBCLAUSE_IDS.every((id) => clauseById(id).parent === id[0])).toBe(true);
    expect(childrenOf('四').map((c) => c.heading)).toEqual([
      '建立项目首报首谈制度',
      '建立项目市级主谈制度',
      '强化存量项目流转监督',
    ]);
  });

  it('quotes every clause of the body verbatim from the published text', () => {
    const body = flat(POLICY);
    for (const clause of CLAUSES.filter((c) => !c.id.startsWith('附件'))) {
      for (const paragraph of clause.text.split('\n'))
        expect(body, `${clause.id}: ${paragraph}`).toContain(flat(paragraph));
    }
    expect(clauseById('四(一)').text).toContain(
      '对违反首报首谈规定的引进项目，不得享受市级层面政策支持，且该项目的税收地方留成部分由市财政局收归市级所有。',
    );
    expect(clauseById('六').text).toContain('本制度自2019年6月6日起施行');
  });

  it('quotes each attachment item with its content, lead units and deadline as the attachment words them', () => {
    const attachment = flat(POLICY.slice(POLICY.lastIndexOf('事项责任分解')));
    for (const id of ATTACHMENT_IDS) {
      const lines = clauseById(id).text.split('\n');
      const content = lines.find((l) => l.startsWith('主要内容：'))!.slice('主要内容：'.length);
      const deadline = lines.find((l) => l.startsWith('完成时限：'))!.slice('完成时限：'.length);
      const from = attachment.indexOf(clauseById(id).heading.slice(0, 4));
      expect(inOrder(attachment.slice(from), flat(content)), `${id} 主要内容`).toBe(true);
      expect(inOrder(attachment.slice(from), flat(deadline)), `${id} 完成时限`).toBe(true);
    }
    expect(clauseById('附件8').text).toContain('牵头单位：市投资促进局、市财政局');
    expect(clauseById('附件1').text).toContain('完成时限：2019年12月前完成；以后按年度做好产业空间实施评估工作。');
    expect(clauseById('附件5').heading).toBe('完善重大产业项目招引“一事一议”制度');
  });

  it('reads clause ids as typed, and nothing else', () => {
    const cases: [string, string | undefined][] = [
      ['四(一)', '四(一)'],
      ['四（一）', '四(一)'],
      ['4(1)', '四(一)'],
      ['三(三)', '三(三)'],
      ['六', '六'],
      ['六、', '六'],
      ['2', '二'],
      ['附件9', '附件9'],
      ['附件第12项', '附件12'],
      ['第3项', '附件3'],
      ['序言', '序言'],
      ['四(四)', undefined],
      ['七', undefined],
      ['附件13', undefined],
      ['9', undefined],
      ['首报首谈', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) expect(parseClauseId(input), input).toBe(expected);
  });
});

describe('citation helpers', () => {
  it('write the two kinds of citation the same way everywhere', () => {
    expect(citeClause('四(一)')).toBe('（依据《工作制度》四(一)）');
    expect(citeClause('附件9')).toBe('（依据《工作制度》附件第9项）');
    expect(clauseRef('三(三)')).toBe('《工作制度》三(三)');
    expect(citeRule('R3')).toBe('（实施规则 R3「同一投资方多家首报的审核顺序」）');
    expect(ruleRef('R4')).toBe('实施规则 R4「存量流转联合审查结论」');
  });
});
